"""notify() stores a notification, pushes it after commit and emails it, each as the user's preferences say."""

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import notification_list, notification_unread_count
from notifications.services import notification_email_send, notify
from tests.factories import UserFactory

from .support import GroupListener

pytestmark = pytest.mark.django_db


def _prefer(user, kind: str, **channels: bool) -> None:
    user.notification_preferences = {kind: channels}
    user.save(update_fields=["notification_preferences"])


def test_notify_stores_pushes_after_commit_and_emails_by_default(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="fr")
    listener = GroupListener(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(user=user, kind="ticket_reply", title="Nouvelle réponse", body="Bonjour", url="/help/")
    assert Notification.objects.get() == notification and notification.on_site
    assert len(callbacks) == 2 and mail.outbox == []  # the push and the email wait for the commit
    for callback in callbacks:
        callback()
    event = listener.receive()["event"]
    assert event == {
        "type": "notification",
        "id": notification.pk,
        "kind": "ticket_reply",
        "title": "Nouvelle réponse",
        "body": "Bonjour",
        "url": "/help/",
        "created_at": timezone.localtime(notification.created_at).isoformat(),
    }
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "Nouvelle réponse" in mail.outbox[0].subject


def test_nothing_leaves_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    user = UserFactory()
    listener = GroupListener(user)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(user=user, kind="ticket_reply", title="Annulé")
        raise RuntimeError("rollback")
    assert not Notification.objects.exists()
    assert listener.is_silent() and mail.outbox == []


def test_email_preference_off_stores_and_pushes_without_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    _prefer(user, "ticket_reply", email=False)
    listener = GroupListener(user)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind="ticket_reply", title="Réponse")
    assert listener.receive()["event"]["id"] == notification.pk
    assert mail.outbox == []


def test_site_preference_off_emails_without_showing_or_pushing(django_capture_on_commit_callbacks):
    user = UserFactory()
    _prefer(user, "ai_job_finished", site=False, email=True)
    listener = GroupListener(user)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind="ai_job_finished", title="Votre image est prête")
    assert notification is not None and not notification.on_site
    assert listener.is_silent()
    assert len(mail.outbox) == 1


def test_both_preferences_off_send_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    _prefer(user, "ticket_reply", site=False, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(user=user, kind="ticket_reply", title="Réponse") is None
    assert not Notification.objects.exists() and mail.outbox == []


def test_email_false_never_emails_even_a_locked_security_alert(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="order_paid", title="Commande payée", email=False)
        notify(user=user, kind="security_alert", title="Nouvelle connexion", email=False)
    assert Notification.objects.filter(user=user).count() == 2
    assert mail.outbox == []


def test_email_true_emails_even_when_the_preference_is_off(django_capture_on_commit_callbacks):
    user = UserFactory()
    _prefer(user, "ai_job_failed", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="ai_job_failed", title="Échec", email=True)
    assert len(mail.outbox) == 1


def test_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(user=UserFactory(), kind="birthday", title="?")
    assert not Notification.objects.exists()


def test_inactive_user_gets_nothing(django_capture_on_commit_callbacks):
    user = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(user=user, kind="ticket_reply", title="Réponse") is None
    assert mail.outbox == []


def test_email_is_sent_once_in_the_users_language(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, kind="ticket_reply", title="New reply", url="/en/help/tickets/T-1/")
    assert notification_email_send(notification_id=notification.pk) is False  # the task already sent it
    message = mail.outbox[0]
    assert len(mail.outbox) == 1
    assert "Hello" in message.body and "http://testserver/en/help/tickets/T-1/" in message.body
    html = message.alternatives[0][0]
    assert 'href="http://testserver/en/help/tickets/T-1/"' in html


def test_email_in_french_for_a_french_user(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="ticket_reply", title="Nouvelle réponse")
    assert "Bonjour" in mail.outbox[0].body


@pytest.mark.django_db
def test_platform_alerts_reach_staff_only_and_leave_a_demoted_member_s_lists():
    customer, staff = UserFactory(), UserFactory(is_staff=True)
    assert notify(user=customer, kind="alert", title="Stock bas") is None
    alert = notify(user=staff, kind="alert", title="Stock bas")
    assert alert is not None and notification_unread_count(user=staff) == 1
    staff.is_staff = False
    staff.save(update_fields=["is_staff"])
    assert list(notification_list(user=staff)) == [] and notification_unread_count(user=staff) == 0
    assert not Notification.objects.filter(user=customer).exists()
