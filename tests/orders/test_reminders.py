"""Forgotten carts: one reminder email a day after the last change, to signed-in customers who accept it."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.utils import timezone

from orders.models import Order
from orders.services.reminders import cart_reminder_send, cart_reminders_send
from orders.tasks import cart_reminders_send_task
from shop.models import Cart, CartLine
from tests.concurrency import needs_postgresql, run_concurrently
from tests.factories import UserFactory
from tests.orders.documents_support import order_make
from tests.shop.factories import ProductFactory


def cart_make(*, user=None, hours_ago: float = 25, token=None, lines: int = 1) -> Cart:
    """Create a cart with ``lines`` lines, last changed ``hours_ago`` hours ago."""
    cart = Cart.objects.create(user=user, token=token)
    for index in range(lines):
        product = ProductFactory(name=f"Lampe {index}")
        CartLine.objects.create(cart=cart, variant=product.default_variant, quantity=2)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now() - timedelta(hours=hours_ago))
    cart.refresh_from_db()
    return cart


@pytest.fixture
def customer(db):
    return UserFactory(display_name="Léa", preferred_language="en")


@pytest.mark.django_db
def test_a_cart_left_for_a_day_gets_one_reminder(customer):
    cart = cart_make(user=customer)
    assert cart_reminders_send() == 1
    [message] = mail.outbox
    assert message.to == [customer.email]
    assert message.subject == "[WEBOX] Your cart is waiting for you"
    assert "http://testserver/en/shop/cart/" in message.body
    assert "http://testserver/en/account/notifications/" in message.body
    assert "2 \u00d7 Lampe 0" in message.body
    [(html, _mimetype)] = message.alternatives
    assert 'href="http://testserver/en/shop/cart/"' in html
    cart.refresh_from_db()
    assert cart.reminder_sent_at is not None
    assert cart_reminders_send() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_hourly_task_sends_the_reminders(customer, settings):
    cart_make(user=customer)
    cart_reminders_send_task.delay()
    assert len(mail.outbox) == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["orders-cart-reminders"]
    assert schedule == {"task": "orders.tasks.cart_reminders_send_task", "schedule": 3600}


@pytest.mark.django_db
def test_a_french_customer_gets_it_in_french(customer):
    customer.preferred_language = "fr"
    customer.save()
    cart_make(user=customer)
    cart_reminders_send()
    [message] = mail.outbox
    assert message.subject == "[WEBOX] Votre panier vous attend"
    assert "http://testserver/shop/cart/" in message.body


@pytest.mark.django_db
def test_no_reminder_before_the_delay(customer, settings):
    settings.ORDERS_CART_REMINDER_HOURS = 24
    cart_make(user=customer, hours_ago=23)
    assert cart_reminders_send() == 0
    assert cart_reminders_send(now=timezone.now() + timedelta(hours=1, minutes=1)) == 1


@pytest.mark.django_db
def test_no_reminder_when_the_customer_turned_it_off(customer):
    customer.notification_preferences = {"cart_reminder": {"email": False}}
    customer.save()
    cart = cart_make(user=customer)
    assert cart_reminders_send() == 0
    assert mail.outbox == []
    cart.refresh_from_db()
    assert cart.reminder_sent_at is None


@pytest.mark.django_db
def test_no_reminder_when_an_order_followed_the_cart(customer):
    cart = cart_make(user=customer)
    order_make(user=customer, status=Order.Status.PENDING_PAYMENT)
    assert cart_reminders_send() == 0
    Order.objects.filter(user=customer).update(created_at=cart.updated_at - timedelta(days=3))
    assert cart_reminders_send() == 1  # an older order does not count


@pytest.mark.django_db
def test_no_reminder_for_anonymous_or_empty_carts_or_inactive_accounts(customer):
    cart_make(token="anonymous-session-token")
    cart_make(user=customer, lines=0)
    cart_make(user=UserFactory(is_active=False))
    assert cart_reminders_send() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_cart_is_claimed_once(customer):
    cart = cart_make(user=customer)
    now = timezone.now()
    assert cart_reminder_send(cart=cart, now=now) is True
    assert cart_reminder_send(cart=cart, now=now) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_cart_changed_after_it_was_picked_is_left_for_later(customer):
    cart = cart_make(user=customer)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    assert cart_reminder_send(cart=cart, now=timezone.now()) is False
    assert mail.outbox == []


class SmtpDown:
    """An email backend that cannot reach its server."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db
def test_a_failed_send_gives_the_claim_back_for_the_next_run(customer, settings):
    cart = cart_make(user=customer)
    settings.EMAIL_BACKEND = f"{__name__}.SmtpDown"
    assert cart_reminders_send() == 0
    cart.refresh_from_db()
    assert cart.reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert cart_reminders_send() == 1


@pytest.mark.django_db(transaction=True)
def test_workers_running_at_once_send_one_reminder():
    needs_postgresql()
    cart_make(user=UserFactory(preferred_language="en"))
    counts = run_concurrently(lambda _index: cart_reminders_send(), 4)
    assert sum(counts) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_preferences_page_turns_the_reminder_off(client, customer):
    client.force_login(customer)
    page = client.get("/en/account/notifications/")
    html = page.content.decode()
    assert "Reminder of a forgotten cart" in html
    assert 'name="cart_reminder-email"' in html and 'name="cart_reminder-site"' not in html
    form = page.context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial and not field.disabled}
    data.pop("cart_reminder-email")
    assert client.post("/en/account/notifications/", data).status_code == 302
    cart_make(user=customer)
    assert cart_reminders_send() == 0
