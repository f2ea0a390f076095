"""The PDF of an invoice or a credit note: A4, drawn with reportlab's platypus from ``Invoice.data`` only.

Nothing is read from the order or the catalogue, so an issued document prints
the same forever; ``invariant`` keeps reportlab from stamping the time of
rendering, so the same document gives the same bytes. The text is in the
language the document was issued in (French by default).
"""

from datetime import date
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from orders.models import Invoice, Order

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
INK, MUTED, RULE, SHADE = (
    colors.HexColor("#1b1e26"),
    colors.HexColor("#545a66"),
    colors.HexColor("#c9ced6"),
    colors.HexColor("#eef0f4"),
)
NBSP = "\u00a0"

_base = getSampleStyleSheet()["Normal"]
STYLES = {
    "body": ParagraphStyle("body", parent=_base, fontName="Helvetica", fontSize=9, leading=12, textColor=INK),
    "small": ParagraphStyle("small", parent=_base, fontName="Helvetica", fontSize=7.5, leading=10, textColor=MUTED),
    "seller": ParagraphStyle("seller", parent=_base, fontName="Helvetica-Bold", fontSize=14, leading=18),
    "title": ParagraphStyle(
        "title", parent=_base, fontName="Helvetica-Bold", fontSize=18, leading=22, alignment=TA_RIGHT
    ),
    "right": ParagraphStyle("right", parent=_base, fontName="Helvetica", fontSize=9, leading=12, alignment=TA_RIGHT),
    "heading": ParagraphStyle("heading", parent=_base, fontName="Helvetica-Bold", fontSize=10, leading=14),
    "th": ParagraphStyle("th", parent=_base, fontName="Helvetica-Bold", fontSize=8, leading=10, alignment=TA_RIGHT),
    "th_left": ParagraphStyle("th_left", parent=_base, fontName="Helvetica-Bold", fontSize=8, leading=10),
}


def money(value: str | Decimal, language: str) -> str:
    """Format an amount of euros the way the document's language writes it (``1 234,50 €`` / ``€1,234.50``)."""
    amount = Decimal(value)
    if language.startswith("fr"):
        return f"{amount:,.2f}".replace(",", NBSP).replace(".", ",") + f"{NBSP}€"
    return f"-€{-amount:,.2f}" if amount < 0 else f"€{amount:,.2f}"


def percent(rate: str, language: str) -> str:
    """Format a VAT rate: ``20 %`` in French, ``20%`` in English, ``5,5 %``..."""
    text = format(Decimal(rate).normalize(), "f")
    return f"{text.replace('.', ',')}{NBSP}%" if language.startswith("fr") else f"{text}%"


def day(iso: str | None, *, short: bool = False) -> str:
    """Format an ISO date (or the date part of an ISO datetime) in the active language."""
    return date_format(date.fromisoformat(iso[:10]), "SHORT_DATE_FORMAT" if short else "DATE_FORMAT") if iso else ""


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, STYLES[style])


def _e(value) -> str:
    return escape(str(value or ""))


def payment_method_label(method: str) -> str:
    """Name a payment method for people; unknown names are shown as stored."""
    labels = {"stripe": _("Card (Stripe)"), "paypal": "PayPal", "sandbox": _("Test payment (sandbox)")}
    return str(labels.get(method, method or _("Not specified")))


def _seller_block(seller: dict) -> list[Paragraph]:
    lines = [_e(seller.get("address")), _e(seller.get("email"))]
    if seller.get("siret"):
        lines.append(_("SIRET: %(siret)s") % {"siret": _e(seller["siret"])})
    if seller.get("vat_number"):
        lines.append(_("VAT number: %(number)s") % {"number": _e(seller["vat_number"])})
    return [_p(_e(seller.get("name")), "seller"), _p("<br/>".join(line for line in lines if line))]


def _document_block(data: dict) -> list[Paragraph]:
    credit_note = data["kind"] == Invoice.Kind.CREDIT_NOTE
    title = _("Credit note") if credit_note else _("Invoice")
    rows = [
        _("No. %(number)s") % {"number": _e(data["number"])},
        _("Date of issue: %(date)s") % {"date": day(data["issue_date"])},
        _("Order: %(number)s of %(date)s")
        % {"number": _e(data["order"]["number"]), "date": day(data["order"]["date"], short=True)},
    ]
    if credit_note:
        rows.append(
            _("Credits invoice %(number)s of %(date)s")
            % {"number": _e(data["invoice_number"]), "date": day(data.get("invoice_date"), short=True)}
        )
    return [_p(_e(title), "title"), _p("<br/>".join(rows), "right")]


def _customer_block(customer: dict) -> list[Paragraph]:
    address = customer.get("billing_address") or {}
    town = " ".join(part for part in (address.get("postal_code"), address.get("city")) if part)
    parts = [customer.get("name"), address.get("company"), address.get("line1"), address.get("line2"), town]
    parts += [address.get("country"), customer.get("email")]
    return [_p(_e(_("Billed to")), "heading"), _p("<br/>".join(_e(part) for part in parts if part))]


def _head(*labels: str) -> list[Paragraph]:
    """Return a header row: the first label on the left, the amounts' labels on the right (wrapped if long)."""
    return [_p(_e(label), "th_left" if index == 0 else "th") for index, label in enumerate(labels)]


def _table(rows: list[list], widths: list[float], *, header: bool = True, bold_last: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="RIGHT")
    commands = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    if bold_last:
        commands += [("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 10), ("LINEABOVE", (0, -1), (-1, -1), 1, INK)]
    table.setStyle(TableStyle(commands))
    return table


def _lines_table(data: dict, language: str) -> Table:
    rows = [
        _head(
            _("Description"), _("Qty"), _("Unit price incl. VAT"), _("VAT"), _("Total excl. VAT"), _("Total incl. VAT")
        )
    ]
    for line in data["lines"]:
        detail = " · ".join(_e(part) for part in (line.get("variant"), line.get("sku")) if part)
        text = f"{_e(line['name'])}<br/><font size=7.5 color='#545a66'>{detail}</font>" if detail else _e(line["name"])
        rows.append(
            [
                _p(text),
                str(line["quantity"]),
                money(line["unit_price"], language),
                percent(line["vat_rate"], language),
                money(line["total_net"], language),
                money(line["total"], language),
            ]
        )
    widths = [WIDTH - 112 * mm, 12 * mm, 28 * mm, 16 * mm, 28 * mm, 28 * mm]
    return _table(rows, widths)


def _credit_table(data: dict, language: str) -> Table:
    text = _("Refund on order %(number)s") % {"number": _e(data["order"]["number"])}
    if data.get("reason"):
        text += f"<br/><font size=7.5 color='#545a66'>{_e(data['reason'])}</font>"
    rows = [_head(_("Description"), _("Amount incl. VAT")), [_p(text), money(data["amount"], language)]]
    return _table(rows, [WIDTH - 40 * mm, 40 * mm])


def _totals_table(data: dict, language: str) -> Table:
    rows = []
    if data["kind"] == Invoice.Kind.INVOICE:
        rows.append([_("Subtotal incl. VAT"), money(data["subtotal"], language)])
        if Decimal(data["discount"]) > 0:
            label = _("Discount (%(code)s)") % {"code": data["promo_code"]} if data.get("promo_code") else _("Discount")
            rows.append([label, money(-Decimal(data["discount"]), language)])
        if data["shipping_method"] != Order.ShippingMethod.NONE:
            rows.append([_("Shipping incl. VAT"), money(data["shipping"], language)])
    rows += [
        [_("Total excl. VAT"), money(data["total_net"], language)],
        [_("VAT"), money(data["total_vat"], language)],
        [_("Total incl. VAT"), money(data["total"], language)],
    ]
    return _table(rows, [60 * mm, 32 * mm], header=False, bold_last=True)


def _vat_table(data: dict, language: str) -> Table:
    rows = [_head(_("VAT rate"), _("Base excl. VAT"), _("VAT"), _("Total incl. VAT"))]
    for line in data["vat"]:
        rows.append(
            [
                percent(line["rate"], language),
                money(line["net"], language),
                money(line["vat"], language),
                money(line["gross"], language),
            ]
        )
    return _table(rows, [26 * mm, 32 * mm, 28 * mm, 32 * mm])


def _payment_block(data: dict) -> Paragraph:
    order = data["order"]
    text = _("Payment method: %(method)s") % {"method": _e(payment_method_label(order.get("payment_method", "")))}
    if data["kind"] == Invoice.Kind.INVOICE and order.get("paid_at"):
        text += "<br/>" + _("Paid on %(date)s") % {"date": day(order["paid_at"])}
    elif data["kind"] == Invoice.Kind.CREDIT_NOTE:
        text += "<br/>" + _e(_("The amount is refunded with the original means of payment."))
    return _p(text)


def _story(data: dict, language: str) -> list:
    header = Table([[_seller_block(data["seller"]), _document_block(data)]], colWidths=[WIDTH * 0.55, WIDTH * 0.45])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    credit_note = data["kind"] == Invoice.Kind.CREDIT_NOTE
    return [
        header,
        Spacer(1, 8 * mm),
        *_customer_block(data["customer"]),
        Spacer(1, 8 * mm),
        _credit_table(data, language) if credit_note else _lines_table(data, language),
        Spacer(1, 5 * mm),
        _totals_table(data, language),
        Spacer(1, 6 * mm),
        _p(_e(_("VAT breakdown")), "heading"),
        _vat_table(data, language),
        Spacer(1, 6 * mm),
        _payment_block(data),
        Spacer(1, 8 * mm),
        _p(_e(data["seller"].get("legal_mentions")), "small"),
    ]


def _footer(seller: dict):
    parts = [seller.get("name"), seller.get("address")]
    if seller.get("siret"):
        parts.append(_("SIRET: %(siret)s") % {"siret": seller["siret"]})
    text = " · ".join(part for part in parts if part)
    page_label = _("Page %(page)s")

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, text)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, page_label % {"page": doc.page})
        canvas.restoreState()

    return draw


def invoice_pdf_render(invoice: Invoice) -> bytes:
    """Return the PDF of an invoice or credit note, in the language it was issued in."""
    data = invoice.data
    language = data.get("language") or "fr"
    buffer = BytesIO()
    with translation.override(language):
        title = _("Credit note %(number)s") if data["kind"] == Invoice.Kind.CREDIT_NOTE else _("Invoice %(number)s")
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=20 * mm,
            title=title % {"number": data["number"]},
            author=data["seller"].get("name", ""),
            subject=_("Order %(number)s") % {"number": data["order"]["number"]},
            creator="WEBOX",
            lang=language,
            invariant=True,
        )
        footer = _footer(data["seller"])
        document.build(_story(data, language), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def invoice_pdf_filename(invoice: Invoice) -> str:
    """Return the file name to download a document under, e.g. ``FA-2026-000042.pdf``."""
    return f"{invoice.number}.pdf"
