"""The contact form (page and API): stored, acknowledged, passed to staff; honeypot; strict rate limit."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from support.models import ContactMessage, Ticket
from support.services import contact_message_create, contact_message_to_ticket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Camille", "email": "camille@example.com", "subject": "Livraison", "message": "Livrez-vous en Corse ?"}


@pytest.fixture(autouse=True)
def _frozen(time_machine, settings):
    time_machine.move_to("2026-06-01 09:00:10+00:00", tick=False)
    settings.STAFF_EMAILS = ["equipe@webox.example"]


def test_contact_page_stores_the_message_and_emails_the_sender_and_staff(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", {**FORM, "website": ""})
    assert response.status_code == 302
    contact = ContactMessage.objects.get()
    assert (contact.email, contact.subject, contact.ip) == ("camille@example.com", "Livraison", "127.0.0.1")
    assert sorted(message.to[0] for message in mail.outbox) == ["camille@example.com", "equipe@webox.example"]
    staff = next(message for message in mail.outbox if message.to == ["equipe@webox.example"])
    assert staff.reply_to == ["camille@example.com"] and "Livrez-vous en Corse ?" in staff.body
    assert all(message.alternatives for message in mail.outbox)


def test_contact_page_shows_the_form_with_a_hidden_honeypot(client):
    html = client.get("/contact/").content.decode()
    assert 'name="website"' in html and 'aria-hidden="true"' in html


def test_filled_honeypot_is_refused_on_the_page_and_the_api(client):
    assert client.post("/contact/", {**FORM, "website": "http://spam.example"}).status_code == 400
    response = APIClient().post("/api/v1/contact/", {**FORM, "website": "http://spam.example"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "spam_detected"
    assert not ContactMessage.objects.exists() and mail.outbox == []


def test_api_accepts_an_anonymous_message():
    response = APIClient().post("/api/v1/contact/", {**FORM, "website": ""}, format="json")
    assert response.status_code == 201
    assert ContactMessage.objects.get().name == "Camille"


def test_contact_page_is_rate_limited_strictly_per_email(client):
    for _attempt in range(5):
        assert client.post("/contact/", FORM).status_code == 302
    refused = client.post("/contact/", FORM)
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert ContactMessage.objects.count() == 5


def test_contact_api_is_rate_limited_strictly_per_email():
    api = APIClient()
    statuses = [api.post("/api/v1/contact/", FORM, format="json").status_code for _attempt in range(6)]
    assert statuses == [201] * 5 + [429]


def test_staff_turn_a_message_into_a_ticket_for_a_new_or_existing_customer():
    known = UserFactory(email="known@example.com")
    linked = contact_message_to_ticket(contact=contact_message_create(**{**FORM, "email": "KNOWN@example.com"}))
    assert linked.customer == known and linked.messages.get().body == "Livrez-vous en Corse ?"
    contact = contact_message_create(**{**FORM, "email": "new@example.com"})
    ticket = contact_message_to_ticket(contact=contact)
    assert ticket.customer.email == "new@example.com" and not ticket.customer.has_usable_password()
    assert contact_message_to_ticket(contact=contact) == ticket  # a second time: the same ticket
    assert Ticket.objects.count() == 2


def test_admin_action_turns_contact_messages_into_tickets(admin_client_verified):
    contact = contact_message_create(**FORM)
    response = admin_client_verified.post(
        "/admin/support/contactmessage/", {"action": "turn_into_ticket", "_selected_action": [contact.pk]}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.ticket is not None and contact.ticket.subject == "Livraison"
