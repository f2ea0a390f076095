"""Demo pictures drawn with Pillow: the same name always gives the same picture.

Each picture is a two-tone gradient in the colour of its category, a few soft
shapes and a caption. Small JPEG files, so the demo weighs a few megabytes.
"""

import hashlib
import io
import random
import textwrap
import unicodedata
from functools import cache

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf")
JPEG_QUALITY = 78
Colour = tuple[int, int, int]


def hex_to_rgb(value: str) -> Colour:
    """Turn ``#RRGGBB`` into an RGB tuple."""
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mix(colour: Colour, other: Colour, ratio: float) -> Colour:
    return tuple(round(a + (b - a) * ratio) for a, b in zip(colour, other, strict=True))  # type: ignore[return-value]


@cache
def _font(size: int) -> tuple[ImageFont.FreeTypeFont, bool]:
    """Return a bold font of ``size`` and whether it draws accented letters."""
    for name in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _gradient(size: tuple[int, int], colour: Colour, rng: random.Random) -> Image.Image:
    """Return a background fading from a light to a dark shade of ``colour``."""
    light, dark = _mix(colour, (255, 255, 255), 0.35), _mix(colour, (0, 0, 0), 0.35)
    mask = Image.linear_gradient("L")
    if rng.random() < 0.5:
        mask = mask.transpose(Image.Transpose.ROTATE_90)
    mask = mask.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, dark), Image.new("RGB", size, light), mask)


def _shapes(image: Image.Image, rng: random.Random) -> Image.Image:
    """Draw a few translucent circles and rounded squares over ``image``."""
    width, height = image.size
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(3, 6)):
        radius = rng.randint(width // 12, width // 4)
        x, y = rng.randint(0, width), rng.randint(0, height * 3 // 4)
        fill = (255, 255, 255, rng.randint(28, 70))
        box = (x - radius, y - radius, x + radius, y + radius)
        if rng.random() < 0.6:
            draw.ellipse(box, fill=fill)
        else:
            draw.rounded_rectangle(box, radius=radius // 4, fill=fill)
    return Image.alpha_composite(image.convert("RGBA"), layer)


def _caption(image: Image.Image, text: str) -> Image.Image:
    """Write ``text`` on a dark band at the bottom of ``image``."""
    width, height = image.size
    font, accents = _font(max(20, min(width, height) // 16))
    if not accents:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    lines = textwrap.wrap(text, width=max(12, int(width / (font.size * 0.62))))[:3]
    line_height = int(font.size * 1.25)
    band_top = height - line_height * len(lines) - font.size
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle((0, band_top, width, height), fill=(0, 0, 0, 120))
    for number, line in enumerate(lines):
        draw.text((font.size // 2 + 8, band_top + font.size // 2 + number * line_height), line, font=font, fill="white")
    return Image.alpha_composite(image, layer)


def render_picture(*, seed: str, colour: str, caption: str, size: tuple[int, int] = (800, 800)) -> bytes:
    """Return the JPEG bytes of the demo picture for ``seed`` (a slug), tinted with ``colour``."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    image = _caption(_shapes(_gradient(size, hex_to_rgb(colour), rng), rng), caption)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
