"""Replies notify the other side; internal notes never reach customers (pages, API, notifications)."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from notifications.models import Notification
from support.services import ticket_assign, ticket_reply, ticket_transition
from tests.factories import UserFactory
from tests.support.factories import staff_make, ticket_open

pytestmark = pytest.mark.django_db


def test_staff_reply_notifies_the_customer_in_their_language_with_a_link_to_the_ticket(
    django_capture_on_commit_callbacks,
):
    customer = UserFactory(preferred_language="en")
    ticket = ticket_open(customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=staff_make(), body="Your parcel left our warehouse.")
    notification = Notification.objects.get(user=customer, kind="ticket_reply")
    assert notification.title == f"New reply on ticket {ticket.number}"
    assert notification.url == f"/en/help/tickets/{ticket.number}/"
    assert notification.body == "Your parcel left our warehouse."
    sent = [message for message in mail.outbox if message.to == [customer.email]]
    assert len(sent) == 1 and f"/en/help/tickets/{ticket.number}/" in sent[0].body
    assert sent[0].alternatives and sent[0].alternatives[0][1] == "text/html"


def test_internal_note_notifies_nobody():
    ticket = ticket_open()
    ticket_reply(ticket=ticket, author=staff_make(), body="Client connu, voir commande.", is_internal=True)
    assert not Notification.objects.filter(user=ticket.customer).exists()


def test_status_change_by_staff_notifies_the_customer_but_their_own_close_does_not():
    ticket = ticket_open(customer=UserFactory(preferred_language="fr"))
    ticket_transition(ticket=ticket, to_status="resolved", actor=staff_make())
    notification = Notification.objects.get(user=ticket.customer, kind="ticket_status")
    assert ticket.number in notification.title and notification.url == f"/help/tickets/{ticket.number}/"
    ticket_transition(ticket=ticket, to_status="closed", actor=ticket.customer)
    assert Notification.objects.filter(user=ticket.customer, kind="ticket_status").count() == 1


def test_customer_reply_notifies_the_assignee(django_capture_on_commit_callbacks):
    ticket, agent = ticket_open(), staff_make(preferred_language="en")
    ticket_assign(ticket=ticket, assignee=agent)
    ticket_reply(ticket=ticket, author=ticket.customer, body="Any news?")
    notification = Notification.objects.get(user=agent, kind="ticket_reply")
    assert notification.title == f"The customer replied on ticket {ticket.number}"
    assert notification.url == f"/admin/support/ticket/{ticket.pk}/change/"


def test_customer_message_on_an_unassigned_ticket_emails_the_support_group(django_capture_on_commit_callbacks):
    first, second = staff_make(preferred_language="en"), staff_make()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_open()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([first.email, second.email])
    english = next(message for message in mail.outbox if message.to == [first.email])
    assert english.subject.endswith(f"Ticket {ticket.number}: new message from {ticket.customer.email}")
    assert f"/admin/support/ticket/{ticket.pk}/change/" in english.body


def _conversation(ticket):
    agent = staff_make()
    ticket_reply(ticket=ticket, author=agent, body="Réponse publique au client.")
    ticket_reply(ticket=ticket, author=agent, body="NOTE-INTERNE-SECRETE", is_internal=True)


def test_internal_notes_are_not_on_the_customers_page(client):
    ticket = ticket_open()
    _conversation(ticket)
    client.force_login(ticket.customer)
    html = client.get(f"/help/tickets/{ticket.number}/").content.decode()
    assert "Réponse publique au client." in html
    assert "NOTE-INTERNE-SECRETE" not in html


def test_internal_notes_are_not_in_the_customers_api():
    ticket = ticket_open()
    _conversation(ticket)
    api = APIClient()
    api.force_authenticate(ticket.customer)
    body = api.get(f"/api/v1/tickets/{ticket.number}/").json()
    assert [message["body"] for message in body["messages"]] == [
        "Mon colis n'est pas arrivé.",
        "Réponse publique au client.",
    ]
    assert all(message["is_internal"] is False for message in body["messages"])


def test_staff_see_internal_notes_in_the_back_office(admin_client_verified):
    ticket = ticket_open()
    _conversation(ticket)
    html = admin_client_verified.get(f"/admin/support/ticket/{ticket.pk}/change/").content.decode()
    assert "NOTE-INTERNE-SECRETE" in html and "Réponse publique au client." in html


def test_message_bodies_are_sanitised_on_the_page(client):
    ticket = ticket_open(body="Bonjour <script>alert(1)</script> [lien](javascript:alert(2)) **gras**")
    client.force_login(ticket.customer)
    html = client.get(f"/help/tickets/{ticket.number}/").content.decode()
    assert "<script>alert(1)" not in html and "javascript:alert" not in html
    assert "<strong>gras</strong>" in html
