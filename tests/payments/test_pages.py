"""Payment pages: "Pay" from the order page, return and cancel pages, the status poll; none of them pays anything."""

import pytest

from orders.links import order_guest_token
from orders.models import Order
from payments.models import Payment
from payments.services import payment_start
from tests.factories import UserFactory

from .support import order_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer)
    return client


def test_the_pay_form_starts_a_payment_and_redirects_to_its_page(signed_in, customer):
    order = order_make(user=customer)
    response = signed_in.post(f"/payments/orders/{order.number}/pay/", {"gateway": "sandbox"})
    payment = Payment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/payments/sandbox/{payment.pk}/"


def test_a_guest_pays_with_the_signed_link_of_their_order(client):
    order = order_make(user=None)
    assert client.post(f"/payments/orders/{order.number}/pay/", {"gateway": "sandbox"}).status_code == 404
    response = client.post(
        f"/payments/orders/{order.number}/pay/", {"gateway": "sandbox", "t": order_guest_token(order)}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # started in this session: the page opens


def test_a_refused_start_goes_back_to_the_order_with_a_message(signed_in, customer):
    order = order_make(user=customer, status=Order.Status.PAID)
    response = signed_in.post(f"/payments/orders/{order.number}/pay/", {"gateway": "sandbox"}, follow=True)
    assert response.redirect_chain[0][0] == order.get_absolute_url()
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert not Payment.objects.exists()


def test_another_customers_order_cannot_be_paid_from_the_pages(client, customer):
    order = order_make(user=customer)
    client.force_login(UserFactory())
    assert client.post(f"/payments/orders/{order.number}/pay/", {"gateway": "sandbox"}).status_code == 404


def test_the_return_page_only_shows_the_status(signed_in, customer):
    """Coming back from the gateway proves nothing: the order waits for the notification."""
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="sandbox")
    response = signed_in.get(f"/payments/{payment.pk}/return/")
    assert response.status_code == 200
    assert f'hx-get="/payments/{payment.pk}/status/?' in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT


def test_the_cancel_page_leaves_the_order_waiting(signed_in, customer):
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="sandbox")
    response = signed_in.get(f"/payments/{payment.pk}/cancel/")
    assert response.status_code == 200 and order.get_absolute_url().encode() in response.content
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED


def test_the_status_answers_json_then_htmx_until_final(signed_in, customer):
    order = order_make(user=customer)
    payment = payment_start(order=order, gateway="sandbox")
    url = f"/payments/{payment.pk}/status/"
    assert signed_in.get(url).json() == {
        "id": payment.pk,
        "status": "created",
        "order_status": "pending_payment",
        "paid": False,
        "final": False,
    }
    waiting = signed_in.get(f"{url}?reload=1", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" in waiting.content and "HX-Refresh" not in waiting
    assert f'hx-get="{url}?reload=1&amp;"'.encode() in waiting.content  # the next poll asks the same
    signed_in.post(payment.redirect_url, {"decision": "approve"})
    done = signed_in.get(f"{url}?reload=1", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in done.content and done["HX-Refresh"] == "true"
    assert signed_in.get(url).json()["paid"] is True


def test_the_status_of_another_customers_payment_is_404(client, customer):
    payment = payment_start(order=order_make(user=customer), gateway="sandbox")
    client.force_login(UserFactory())
    assert client.get(f"/payments/{payment.pk}/status/").status_code == 404
    assert client.get(f"/payments/{payment.pk}/return/").status_code == 404


def test_the_order_page_offers_the_gateways_and_shows_paid_after_approval(signed_in, customer, gateways):
    order = order_make(user=customer)
    page = signed_in.get(order.get_absolute_url()).content.decode()
    assert f'action="/payments/orders/{order.number}/pay/"' in page
    for alias in ("stripe", "paypal", "sandbox"):
        assert f'name="gateway" value="{alias}"' in page
    payment = payment_start(order=order, gateway="sandbox")
    polling = signed_in.get(order.get_absolute_url()).content.decode()
    assert f"/payments/{payment.pk}/status/?reload=1" in polling
    signed_in.post(payment.redirect_url, {"decision": "approve"})
    paid = signed_in.get(order.get_absolute_url()).content.decode()
    assert 'name="gateway"' not in paid and 'class="badge badge--success"' in paid


def test_a_guest_comes_back_from_the_gateway_with_the_signed_link(client, gateways, stripe_emulator):
    """A guest has no account: the return and cancel addresses given to Stripe carry the order's signed token."""
    order = order_make(user=None)
    payment = payment_start(order=order, gateway="stripe")
    session = stripe_emulator.session(payment.external_reference)
    for url in (session["success_url"], session["cancel_url"]):
        assert "?t=" in url
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
    assert client.get(f"/payments/{payment.pk}/return/").status_code == 404  # without the token: nothing
