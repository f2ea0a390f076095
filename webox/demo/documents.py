"""The file a demo digital product delivers: a short PDF saying what it is."""

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer


def sample_pdf(*, title: str) -> bytes:
    """Return a one-page PDF titled ``title``, labelled as demo content."""
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="WEBOX (démo)")
    story = [
        Paragraph(title, styles["Title"]),
        Spacer(1, 12),
        Paragraph("Fichier de démonstration livré par la boutique WEBOX après paiement.", styles["Normal"]),
        Paragraph("Demo file delivered by the WEBOX shop after payment.", styles["Normal"]),
    ]
    document.build(story)
    return buffer.getvalue()
