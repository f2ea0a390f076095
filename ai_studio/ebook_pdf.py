"""The PDF of an eBook: A4, drawn with reportlab's platypus from plain data (title, author, chapters).

A cover, a table of contents with page numbers (two passes of ``multiBuild``:
the first one learns on which page each chapter starts), the chapters, a running
header with the book's title and a footer with the page number. Each chapter is
also a PDF bookmark (the reader's outline). The metadata carry the title, the
author, the subject and the language. The chapters' text is read as simple
Markdown: ``#`` headings, ``-``/``1.`` lists, ``**bold**`` and ``*italic*``;
everything else is escaped and printed as it is.
"""

import re
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

FONT = "EbookSans"
MARGIN = 22 * mm
INK, MUTED, ACCENT = colors.HexColor("#1b1e26"), colors.HexColor("#6b7280"), colors.HexColor("#2563eb")
# DejaVu (Debian's fonts-dejavu) when installed, else Bitstream Vera, which reportlab ships: both have the accents.
FONT_FILES = (
    (
        Path("/usr/share/fonts/truetype/dejavu"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ),
    (Path(reportlab.__file__).parent / "fonts", ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")),
)
HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
BULLET = re.compile(r"^[-*•+]\s+(.+)$")
NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(.+)$")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


@dataclass(frozen=True)
class Chapter:
    title: str
    text: str


@dataclass(frozen=True)
class EbookDocument:
    """What the PDF shows: ``subtitle`` goes on the cover (the audience, for instance), ``date`` as written."""

    title: str
    author: str
    date: str
    chapters: tuple[Chapter, ...]
    subtitle: str = ""
    subject: str = ""
    language: str = "fr"


@cache
def font_register() -> str:
    """Register the book's font family (regular, bold, italic, bold italic) once; return its name."""
    folder, names = next((folder, names) for folder, names in FONT_FILES if (folder / names[0]).exists())
    faces = (FONT, f"{FONT}-Bold", f"{FONT}-Italic", f"{FONT}-BoldItalic")
    for face, name in zip(faces, names, strict=True):
        pdfmetrics.registerFont(TTFont(face, str(folder / name)))
    pdfmetrics.registerFontFamily(FONT, normal=faces[0], bold=faces[1], italic=faces[2], boldItalic=faces[3])
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font_register(), fontSize=11, leading=16, textColor=INK)
    bold = f"{FONT}-Bold"

    def style(name: str, **options) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **options)

    return {
        "body": style("body", spaceAfter=8, alignment=4),
        "item": style("item", leftIndent=16, bulletIndent=4, spaceAfter=4),
        "h1": style("h1", fontName=bold, fontSize=22, leading=28, spaceAfter=18, textColor=ACCENT),
        "h2": style("h2", fontName=bold, fontSize=14, leading=19, spaceBefore=10, spaceAfter=6),
        "h3": style("h3", fontName=bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        "cover_title": style("cover_title", fontName=bold, fontSize=30, leading=38, alignment=TA_CENTER),
        "cover_subtitle": style("cover_subtitle", fontSize=15, leading=21, alignment=TA_CENTER, textColor=MUTED),
        "cover_meta": style("cover_meta", fontSize=12, leading=18, alignment=TA_CENTER),
        "toc_title": style("toc_title", fontName=bold, fontSize=20, leading=26, spaceAfter=16),
        "toc": style("toc", fontSize=12, leading=18),
    }


def inline(text: str) -> str:
    """Return ``text`` escaped for a reportlab paragraph, with ``**bold**`` and ``*italic*`` kept."""
    marked = BOLD.sub(r"<b>\2</b>", escape(text))
    return ITALIC.sub(r"<i>\2</i>", marked)


def paragraph(text: str, style: ParagraphStyle, **options) -> Paragraph:
    """Return a paragraph of Markdown-ish ``text``; when its marks do not nest well, the text without them."""
    try:
        return Paragraph(inline(text), style, **options)
    except ValueError:  # reportlab's parser refuses badly nested tags ("**a *b** c*")
        return Paragraph(escape(re.sub(r"[*_]{1,2}", "", text)), style, **options)


class ChapterHeading(Paragraph):
    """A chapter's title: the document records its page for the table of contents and the outline."""

    def __init__(self, text: str, style: ParagraphStyle, key: str):
        super().__init__(escape(text), style)
        self.toc_text, self.toc_key = text, key


class EbookTemplate(BaseDocTemplate):
    """Cover, then content pages with a running header and footer; chapter headings fill the TOC."""

    def __init__(self, buffer: BytesIO, document: EbookDocument):
        super().__init__(
            buffer,
            pagesize=A4,
            title=document.title,
            author=document.author,
            subject=document.subject,
            creator="WEBOX",
            lang=document.language,
            initialFontName=font_register(),  # no Helvetica (without the accents of every language) in the file
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 6 * mm,
            bottomMargin=MARGIN,
        )
        self.book = document
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="main")
        self.addPageTemplates(
            [PageTemplate(id="cover", frames=[frame]), PageTemplate(id="content", frames=[frame], onPage=self.decorate)]
        )

    def decorate(self, canvas, doc) -> None:
        """Draw the running header (the book's title) and the footer (the page number)."""
        width, height = A4
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, height - MARGIN + 2 * mm, self.book.title[:90])
        canvas.setStrokeColor(colors.HexColor("#d1d5db"))
        canvas.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
        canvas.drawCentredString(width / 2, MARGIN / 2, _("Page %(number)d") % {"number": doc.page})
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, ChapterHeading):
            self.canv.bookmarkPage(flowable.toc_key)
            self.canv.addOutlineEntry(flowable.toc_text, flowable.toc_key, level=0, closed=False)
            self.notify("TOCEntry", (0, escape(flowable.toc_text), self.page, flowable.toc_key))


def _cover(document: EbookDocument, styles) -> list:
    story = [Spacer(1, 70 * mm), Paragraph(escape(document.title), styles["cover_title"]), Spacer(1, 8 * mm)]
    if document.subtitle:
        story += [Paragraph(escape(document.subtitle), styles["cover_subtitle"]), Spacer(1, 30 * mm)]
    else:
        story.append(Spacer(1, 30 * mm))
    story += [
        Paragraph(escape(document.author), styles["cover_meta"]),
        Paragraph(escape(document.date), styles["cover_meta"]),
    ]
    return [*story, NextPageTemplate("content"), PageBreak()]


def _contents(styles) -> list:
    toc = TableOfContents(levelStyles=[styles["toc"]], dotsMinLevel=0, rightColumnWidth=40)
    return [Paragraph(escape(_("Contents")), styles["toc_title"]), toc]


def _plain(text: str) -> str:
    return re.sub(r"[*_#]", "", text).strip().casefold()


def text_flowables(text: str, styles: dict[str, ParagraphStyle], *, title: str = "") -> list:
    """Turn a chapter's Markdown-ish ``text`` into paragraphs, sub-headings and list items.

    A first heading repeating the chapter's ``title`` is dropped (the chapter heading shows it).
    """
    story, lines = [], []

    def flush() -> None:
        if lines:
            story.append(paragraph(" ".join(lines), styles["body"]))
            lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("```") or set(line) <= set("-*_= "):
            flush()
            continue
        heading, bullet, numbered = HEADING.match(line), BULLET.match(line), NUMBERED.match(line)
        if heading:
            flush()
            if not story and title and _plain(heading.group(2)).endswith(_plain(title)):
                continue
            level = "h2" if len(heading.group(1)) <= 2 else "h3"
            story.append(paragraph(heading.group(2), styles[level]))
        elif bullet or numbered:
            flush()
            mark = "•" if bullet else f"{numbered.group(1)}."
            story.append(paragraph((bullet or numbered).groups()[-1], styles["item"], bulletText=mark))
        else:
            lines.append(line)
    flush()
    return story


def ebook_pdf_build(document: EbookDocument) -> tuple[bytes, int]:
    """Return the eBook's PDF and its number of pages."""
    with translation.override(document.language):
        styles = _styles()
        story = _cover(document, styles) + _contents(styles)
        for number, chapter in enumerate(document.chapters, start=1):
            story += [PageBreak(), ChapterHeading(chapter.title, styles["h1"], key=f"chapter-{number}")]
            story += text_flowables(chapter.text, styles, title=chapter.title)
        buffer = BytesIO()
        template = EbookTemplate(buffer, document)
        template.multiBuild(story)
    return buffer.getvalue(), template.page
