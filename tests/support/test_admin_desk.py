"""The staff desk in the admin: replies and internal notes, canned replies, assignment, status actions, queues."""

import pytest
from django.contrib.auth.models import Group

from accounts.groups import SUPPORT
from notifications.models import Notification
from support.models import Ticket, TicketMessage
from tests.support.factories import CannedReplyFactory, staff_make, ticket_open

pytestmark = pytest.mark.django_db


def _reply_url(ticket: Ticket) -> str:
    return f"/admin/support/ticket/{ticket.pk}/reply/"


def test_change_page_has_the_reply_form_and_canned_replies(admin_client_verified):
    canned = CannedReplyFactory(title="Colis en route")
    html = admin_client_verified.get(f"/admin/support/ticket/{ticket_open().pk}/change/").content.decode()
    assert 'name="is_internal"' in html and "Colis en route" in html and f'value="{canned.pk}"' in html


def test_staff_reply_with_a_canned_text_then_resolve(admin_client_verified, staff_user):
    ticket = ticket_open()
    canned = CannedReplyFactory(body="Votre colis est en route.")
    data = {"body": "Bonjour,", "canned": canned.pk, "status": "resolved"}
    response = admin_client_verified.post(_reply_url(ticket), data)
    assert response.status_code == 302
    message = ticket.messages.get(from_staff=True)
    assert message.body == "Bonjour,\n\nVotre colis est en route." and message.author == staff_user
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.first_response_at is not None
    assert Notification.objects.filter(user=ticket.customer, kind="ticket_reply").exists()


def test_staff_internal_note_stays_internal(admin_client_verified):
    ticket = ticket_open()
    admin_client_verified.post(_reply_url(ticket), {"body": "Client fidèle.", "is_internal": "on"})
    note = TicketMessage.objects.get(ticket=ticket, from_staff=True)
    assert note.is_internal
    assert not Notification.objects.filter(user=ticket.customer).exists()


def test_empty_reply_is_refused(admin_client_verified):
    ticket = ticket_open()
    assert admin_client_verified.post(_reply_url(ticket), {"body": ""}).status_code == 400
    assert ticket.messages.count() == 1


def test_assign_to_me_and_status_actions_go_through_the_service(admin_client_verified, staff_user):
    first, second = ticket_open(), ticket_open()
    url = "/admin/support/ticket/"
    admin_client_verified.post(url, {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]})
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {staff_user.pk}
    html = admin_client_verified.get(f"{url}?queue=mine").content.decode()
    assert first.number in html and second.number in html
    Ticket.objects.filter(pk=second.pk).update(status="closed")
    admin_client_verified.post(url, {"action": "mark_resolved", "_selected_action": [first.pk, second.pk]})
    assert dict(Ticket.objects.values_list("pk", "status")) == {first.pk: "resolved", second.pk: "closed"}


def test_unassigned_queue_and_priority_change_recompute_due_dates(admin_client_verified, settings):
    settings.SUPPORT_SLA = {**settings.SUPPORT_SLA, "urgent": {"first_response_hours": 1, "resolution_hours": 4}}
    ticket = ticket_open()
    assert ticket.number in admin_client_verified.get("/admin/support/ticket/?queue=unassigned").content.decode()
    data = {"category": "order", "priority": "urgent", "assignee": "", "messages-TOTAL_FORMS": "0",
            "messages-INITIAL_FORMS": "0", "messages-MIN_NUM_FORMS": "0", "messages-MAX_NUM_FORMS": "0"}  # fmt: skip
    response = admin_client_verified.post(f"/admin/support/ticket/{ticket.pk}/change/", data)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == "urgent"
    assert (ticket.first_response_due_at - ticket.created_at).total_seconds() == 3600


def test_support_group_may_run_the_desk():
    from accounts.groups import groups_sync_permissions

    groups_sync_permissions()
    codenames = set(Group.objects.get(name=SUPPORT).permissions.values_list("codename", flat=True))
    assert {"change_ticket", "add_ticketmessage", "view_contactmessage", "add_cannedreply"} <= codenames
    assert staff_make().has_perm("support.change_ticket")
