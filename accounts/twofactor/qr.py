"""QR codes of authenticator secrets, drawn as SVG for an <img> (the CSP allows data: images)."""

import base64

import qrcode
from qrcode.image.svg import SvgPathFillImage


def qr_svg_data_uri(text: str) -> str:
    """Return ``text`` as a QR code in a ``data:image/svg+xml`` URI (dark modules on white)."""
    image = qrcode.make(text, image_factory=SvgPathFillImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
