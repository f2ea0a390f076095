"""Edits made in the back office go through the services and offer only sensible choices."""

import pytest

from support.models import Ticket
from tests.factories import UserFactory
from tests.support.factories import ticket_open

pytestmark = pytest.mark.django_db

FORMSETS = {"messages-TOTAL_FORMS": "0", "messages-INITIAL_FORMS": "0", "messages-MIN_NUM_FORMS": "0",
            "messages-MAX_NUM_FORMS": "0"}  # fmt: skip


def test_ticket_category_change_is_saved_by_the_service(admin_client_verified):
    ticket = ticket_open(category="order")
    before = ticket.updated_at
    data = {"category": "payment", "priority": ticket.priority, "assignee": "", **FORMSETS}
    response = admin_client_verified.post(f"/admin/support/ticket/{ticket.pk}/change/", data)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.category == "payment" and ticket.updated_at > before


def test_ticket_assignee_choices_are_staff_members_only(admin_client_verified, staff_user):
    agent, customer = UserFactory(is_staff=True), UserFactory()
    ticket = ticket_open(customer=customer)
    page = admin_client_verified.get(f"/admin/support/ticket/{ticket.pk}/change/")
    choices = set(page.context["adminform"].form.fields["assignee"].queryset)
    assert choices == {agent, staff_user}
    assert Ticket.objects.get(pk=ticket.pk).assignee is None
