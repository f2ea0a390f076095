"""The PDF of invoices and credit notes, read back with pypdf: what a customer and an accountant see."""

from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from orders.invoice_pdf import invoice_pdf_render
from orders.services.invoices import credit_note_issue, invoice_issue
from tests.orders.documents_support import Item, order_make

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """Return the text of every page, with non-breaking spaces made plain."""
    reader = PdfReader(BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


def test_pdf_is_an_a4_document_with_title_and_author():
    invoice = invoice_issue(order=order_make())
    reader = PdfReader(BytesIO(invoice_pdf_render(invoice)))
    assert invoice_pdf_render(invoice)[:5] == b"%PDF-"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)
    assert reader.metadata.title == f"Facture {invoice.number}"
    assert reader.metadata.author == "WEBOX SAS"


def test_english_invoice_shows_number_lines_vat_and_totals():
    order = order_make(language="en")
    invoice = invoice_issue(order=order)
    text = pdf_text(invoice_pdf_render(invoice))
    for expected in (
        "Invoice",
        invoice.number,
        order.number,
        "WEBOX SAS",
        "Léa Martin",
        "12 rue des Lilas",
        "Mug WEBOX",
        "T-shirt WEBOX",
        "€12.50",
        "€25.00",
        "20%",
        "Total excl. VAT",
        "€45.75",
        "€9.15",
        "Total incl. VAT",
        "€54.90",
        "Payment method: Test payment (sandbox)",
        "indemnité forfaitaire",
    ):
        assert expected in text, expected


def test_french_invoice_shows_number_lines_vat_and_totals():
    order = order_make(
        language="fr",
        promo_code_text="BIENVENUE",
        items=[Item("Mug WEBOX", Decimal("60.00"), 1, discount=Decimal("6.00"))],
    )
    invoice = invoice_issue(order=order)
    text = pdf_text(invoice_pdf_render(invoice))
    for expected in (
        "Facture",
        f"N° {invoice.number}",
        "Mug WEBOX",
        "60,00 €",
        "Remise (BIENVENUE)",
        "-6,00 €",
        "Livraison TTC",
        "4,90 €",
        "20 %",
        "Total HT",
        "49,08 €",
        "TVA",
        "9,82 €",
        "Total TTC",
        "58,90 €",
        "Détail de la TVA",
        "Moyen de paiement",
    ):
        assert expected in text, expected


def test_credit_note_pdf_is_titled_avoir_and_names_the_invoice():
    order = order_make()
    invoice = invoice_issue(order=order)
    note = credit_note_issue(order=order, amount=Decimal("12.00"), reason="Retour du mug")
    reader = PdfReader(BytesIO(invoice_pdf_render(note)))
    text = pdf_text(invoice_pdf_render(note))
    assert reader.metadata.title == f"Avoir {note.number}"
    for expected in ("Avoir", note.number, invoice.number, "Retour du mug", "12,00 €", "10,00 €", "2,00 €"):
        assert expected in text, expected


def test_pdf_never_changes_once_issued(settings):
    order = order_make()
    invoice = invoice_issue(order=order)
    before = invoice_pdf_render(invoice)
    order.lines.update(product_name="Autre produit", unit_price=Decimal("99.00"))
    order.email = "changed@example.com"
    order.save()
    settings.ORDERS_SELLER = {**settings.ORDERS_SELLER, "name": "Autre vendeur"}
    invoice.refresh_from_db()
    after = invoice_pdf_render(invoice)
    assert after == before
    assert "Autre" not in pdf_text(after)


def test_names_with_markup_characters_are_printed_as_typed():
    order = order_make(items=[Item("Tom & Jerry <édition> collector", Decimal("10.00"), 1)])
    text = pdf_text(invoice_pdf_render(invoice_issue(order=order)))
    assert "Tom & Jerry <édition> collector" in text


def test_a_long_invoice_continues_on_more_pages_with_its_totals():
    items = [Item(f"Article {index}", Decimal("1.00"), 1) for index in range(80)]
    invoice = invoice_issue(order=order_make(items=items))
    content = invoice_pdf_render(invoice)
    assert len(PdfReader(BytesIO(content)).pages) > 1
    text = pdf_text(content)
    assert "Article 79" in text and "84,90 €" in text
