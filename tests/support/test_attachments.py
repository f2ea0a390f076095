"""Attachments: images and PDFs checked by content, 10 MB at most, served only to the customer and staff."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

from support.models import TicketAttachment
from support.services import ATTACHMENT_MAX_BYTES, ticket_reply
from tests.factories import UserFactory
from tests.support.factories import staff_make, ticket_open
from webox.common.errors import ApplicationError

pytestmark = pytest.mark.django_db


def png(name: str = "capture.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "facture.pdf") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, "Facture")
    document.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def test_images_and_pdfs_are_stored_privately_with_their_real_type():
    ticket = ticket_open(attachments=[png(), pdf()])
    stored = TicketAttachment.objects.filter(message__ticket=ticket).order_by("pk")
    assert [(item.original_name, item.content_type) for item in stored] == [
        ("capture.png", "image/png"),
        ("facture.pdf", "application/pdf"),
    ]
    assert stored[0].file.name.endswith(".png") and stored[1].file.name.endswith(".pdf")
    with pytest.raises(ValueError):
        _ = stored[0].file.url  # private storage gives no public address


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.png", b"<script>alert(1)</script>"),
        ("fake.pdf", b"%PDF-1.4 not really a pdf"),
        ("archive.zip", b"PK\x03\x04 zip content"),
    ],
)
def test_files_that_are_not_really_images_or_pdfs_are_refused(name, content):
    ticket = ticket_open()
    with pytest.raises(ApplicationError) as refused:
        ticket_reply(
            ticket=ticket, author=ticket.customer, body="Voici", attachments=[SimpleUploadedFile(name, content)]
        )
    assert refused.value.code == "invalid_attachment"
    assert ticket.messages.count() == 1 and not TicketAttachment.objects.exists()


def test_files_over_10_mb_are_refused():
    ticket, big = ticket_open(), png()
    big.size = ATTACHMENT_MAX_BYTES + 1
    with pytest.raises(ApplicationError) as refused:
        ticket_reply(ticket=ticket, author=ticket.customer, body="Voici", attachments=[big])
    assert refused.value.code == "attachment_too_large"


def test_customer_uploads_from_the_ticket_page_and_gets_an_error_for_a_bad_file(client):
    ticket = ticket_open()
    client.force_login(ticket.customer)
    url = f"/help/tickets/{ticket.number}/"
    response = client.post(url, {"body": "Photo du colis", "attachments": [png("colis.png")]})
    assert response.status_code == 302
    assert TicketAttachment.objects.get().original_name == "colis.png"
    refused = client.post(url, {"body": "Autre", "attachments": [SimpleUploadedFile("x.png", b"nope")]})
    assert refused.status_code == 200 and "form-field--error" in refused.content.decode()


def test_attachment_is_served_as_a_download_to_the_customer_and_staff(client, admin_client_verified):
    ticket = ticket_open(attachments=[pdf()])
    attachment = TicketAttachment.objects.get()
    url = f"/help/attachments/{attachment.pk}/"
    client.force_login(ticket.customer)
    for response in (client.get(url), admin_client_verified.get(url)):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="facture.pdf"')
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_attachment_is_a_404_for_another_customer_and_for_anonymous_visitors(client):
    ticket_open(attachments=[png()])
    url = f"/help/attachments/{TicketAttachment.objects.get().pk}/"
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_attachment_of_an_internal_note_is_a_404_for_the_customer(client):
    ticket = ticket_open()
    ticket_reply(ticket=ticket, author=staff_make(), body="Preuve", is_internal=True, attachments=[png()])
    client.force_login(ticket.customer)
    assert client.get(f"/help/attachments/{TicketAttachment.objects.get().pk}/").status_code == 404
