"""Orders' status signals and accounts' security events become notifications for the user concerned."""

from decimal import Decimal

import pytest
from django.test import RequestFactory

from accounts.models import SecurityEvent
from accounts.services.audit import security_event_record
from notifications.models import Notification
from orders.services import (
    order_cancel,
    order_mark_delivered,
    order_mark_paid,
    order_mark_processing,
    order_refund,
    order_ship,
)
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory

from .factories import NotificationFactory
from .support import GroupListener

pytestmark = pytest.mark.django_db


def _titles(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", "title"))


def test_an_orders_lifecycle_notifies_its_customer_on_the_site_only(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="fr")
    order, other = OrderFactory(user=user), OrderFactory(user=user)
    listener = GroupListener(user)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_method="sandbox")
        order_mark_processing(order=order)
        order_ship(order=order, carrier="Colissimo", tracking_number="6A123")
        order_mark_delivered(order=order)
        order_refund(order=order, amount=Decimal("5.00"))
        order_cancel(order=other)
    assert [kind for kind, _title in _titles(user)] == [
        "order_paid",
        "order_shipped",
        "order_delivered",
        "order_refunded",
        "order_cancelled",
    ]
    paid = Notification.objects.get(user=user, kind="order_paid")
    assert order.number in paid.title and paid.url == order.get_absolute_url()
    assert listener.receive()["event"]["id"] == paid.pk
    assert not Notification.objects.exclude(emailed_at=None).exists()  # orders send their own emails


def test_titles_are_in_the_customers_language(django_capture_on_commit_callbacks):
    english = UserFactory(preferred_language="en")
    order = OrderFactory(user=english)
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_method="sandbox")
    assert _titles(english) == [("order_paid", f"Order {order.number} is paid")]


def test_a_guest_order_notifies_nobody(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=OrderFactory(user=None), payment_method="sandbox")
    assert not Notification.objects.exists()


def _request():
    return RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0")


def test_a_2fa_change_alerts_the_user_on_the_site_and_by_email(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        security_event_record(type=SecurityEvent.Type.TWO_FACTOR_DISABLED, user=user, request=_request())
    alert = Notification.objects.get(user=user)
    assert alert.kind == "security_alert" and alert.on_site
    assert alert.title == "Two-factor authentication was turned off"  # in the user's language
    assert alert.url == "/en/account/security/"
    assert [message.to for message in mailoutbox] == [[user.email]]


def test_a_new_device_login_alerts_on_the_site_without_a_second_email(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        security_event_record(type=SecurityEvent.Type.NEW_DEVICE, user=user, request=_request())
    alert = Notification.objects.get(user=user)
    assert alert.kind == "security_alert" and alert.emailed_at is None
    assert mailoutbox == []  # accounts' own new-device email is queued by its login service, not by the audit


def test_other_security_events_and_rollbacks_alert_nobody(django_capture_on_commit_callbacks):
    from django.db import transaction

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        security_event_record(type=SecurityEvent.Type.LOGIN_SUCCESS, user=user, request=_request())
        with pytest.raises(RuntimeError), transaction.atomic():
            security_event_record(type=SecurityEvent.Type.TWO_FACTOR_ENABLED, user=user, request=_request())
            raise RuntimeError("rollback")
    assert not Notification.objects.exists()


def test_the_personal_data_export_lists_the_users_notifications():
    from accounts.services.privacy import user_export_data

    user = UserFactory()
    NotificationFactory(user=user, title="Commande payée")
    NotificationFactory(user=UserFactory(), title="Pas la vôtre")
    exported = user_export_data(user=user)["notifications"]
    assert [row["title"] for row in exported] == ["Commande payée"]
    assert set(exported[0]) == {"kind", "title", "body", "url", "created_at", "read_at", "emailed_at"}
