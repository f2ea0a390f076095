"""Who sees what in the back office: each staff group its own sections, customers nothing at all."""

import pytest
from django.contrib.auth.models import Group

from accounts.groups import BLOGGERS, STAFF, SUPPORT, groups_sync_permissions
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECORDS = [
    "accounts/securityevent",
    "ai_studio/creditentry",
    "ipn/paypalipn",
    "orders/invoice",
    "payments/payment",
    "payments/webhookevent",
]


def member_login(client, group_name: str):
    """Sign a verified staff member of ``group_name`` in to the back office."""
    groups_sync_permissions()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    login_verified(client, user, totp_device_make(user))
    return user


def sections(client) -> set[str]:
    """Return the app labels the back office lists for the signed-in member (its navigation)."""
    response = client.get("/admin/")
    assert response.status_code == 200
    return {app["app_label"] for app in response.context["available_apps"]}


def models_of(client, app_label: str) -> set[str]:
    response = client.get("/admin/")
    apps = {app["app_label"]: app for app in response.context["available_apps"]}
    return {model["object_name"] for model in apps[app_label]["models"]}


def test_blogger_sees_only_the_blog(client):
    member_login(client, BLOGGERS)
    assert sections(client) == {"blog"}
    assert client.get("/admin/blog/post/").status_code == 200
    for url in ("/admin/orders/order/", "/admin/accounts/user/", "/admin/support/ticket/", "/admin/shop/product/"):
        assert client.get(url).status_code == 403, url


def test_support_sees_tickets_orders_and_users_but_not_payments(client):
    member_login(client, SUPPORT)
    assert sections(client) == {"accounts", "orders", "support"}
    assert models_of(client, "orders") == {"Order"}
    assert client.get("/admin/support/ticket/").status_code == 200
    assert client.get("/admin/orders/order/").status_code == 200
    refused = ["/admin/payments/payment/", "/admin/payments/webhookevent/", "/admin/shop/product/", "/admin/blog/post/"]
    for url in refused:
        assert client.get(url).status_code == 403, url


def test_support_reads_an_order_without_changing_it(client):
    from tests.orders.factories import OrderFactory

    member_login(client, SUPPORT)
    order = OrderFactory()
    page = client.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    listing = client.get("/admin/orders/order/")
    actions = {choice[0] for choice in listing.context["action_form"].fields["action"].choices}
    assert "cancel" not in actions and "refund_orders" not in actions


def test_staff_group_runs_the_shop_and_orders(client):
    member_login(client, STAFF)
    assert {"shop", "orders", "payments", "support", "blog", "accounts", "ai_studio"} <= sections(client)
    for url in ("/admin/shop/product/", "/admin/orders/order/", "/admin/payments/payment/", "/admin/shop/promocode/"):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/auth/group/", "/admin/otp_totp/totpdevice/", "/admin/django_celery_beat/periodictask/"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/orders/order/", "/admin/accounts/user/", "/admin/shop/product/", "/admin/blog/post/"]
)
def test_customer_never_reaches_the_back_office(client, url):
    """A signed-in customer, even with a verified second factor, is sent to the login and refused there."""
    customer = UserFactory()
    login_verified(client, customer, totp_device_make(customer))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 403


def test_staff_without_a_verified_second_factor_is_sent_to_it(client):
    user = member_login(client, STAFF)
    client.logout()
    client.force_login(user)
    response = client.get("/admin/orders/order/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/")


@pytest.mark.parametrize("path", RECORDS)
def test_records_are_read_only_even_for_a_superuser(admin_client_verified, path):
    """Payments, gateway notifications, invoices, the credit ledger and the security log cannot be edited."""
    from tests.webox.admin_rows import ROW_BUILDERS

    app_label, model_name = path.split("/")
    label = next(label for label in ROW_BUILDERS if label.lower() == f"{app_label}.{model_name}")
    obj = ROW_BUILDERS[label](1)[0]
    assert admin_client_verified.get(f"/admin/{path}/add/").status_code == 403
    assert admin_client_verified.get(f"/admin/{path}/{obj.pk}/delete/").status_code == 403
    page = admin_client_verified.get(f"/admin/{path}/{obj.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = admin_client_verified.post(f"/admin/{path}/{obj.pk}/change/", {})
    assert response.status_code == 403
