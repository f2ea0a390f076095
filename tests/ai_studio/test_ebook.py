"""The eBook builder: outline, chapters written by the chat model, a PDF with cover, contents, footers, metadata."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from ai_studio.ebook_pdf import Chapter, EbookDocument, ebook_pdf_build
from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.services import job_create
from ai_studio.services.ebook import (
    ebook_outline_draft,
    ebook_outline_parse,
    ebook_outline_titles,
    pages_bound,
)
from webox.common.errors import ApplicationError

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status


def _ebook(capture, user, **params) -> GenerationJob:
    with capture(execute=True):
        job = job_create(user=user, kind="ebook", model="demo-chat", prompt="", params=params)
    job.refresh_from_db()
    return job


def _reader(job: GenerationJob) -> PdfReader:
    result = job.results.get()
    assert result.content_type == "application/pdf"
    data = result.file.read()
    assert data.startswith(b"%PDF-")
    return PdfReader(BytesIO(data))


def _contents_numbers(reader: PdfReader) -> list[int]:
    """Return the page numbers printed by the table of contents, in order (after each dotted leader)."""
    text = reader.pages[1].extract_text()
    assert "Sommaire" in text
    return [int(number) for number in re.findall(r"\.\s+(\d+)\s*$", text, flags=re.MULTILINE)]


@pytest.mark.parametrize("chapters", [2, 5])
def test_demo_ebook_is_a_pdf_whose_contents_and_outline_point_to_the_real_chapter_pages(
    django_capture_on_commit_callbacks, chapters
):
    author = funded_user_make(300)
    author.display_name = "Camille Martin"
    author.save()
    job = _ebook(
        django_capture_on_commit_callbacks,
        author,
        title="Jardiner en ville",
        chapters=chapters,
        audience="les citadins débutants",
        tone="chaleureux",
    )
    assert job.status == Status.SUCCEEDED, job.error
    reader = _reader(job)
    titles = [f"Chapitre {number} — Jardiner en ville" for number in range(1, chapters + 1)]
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _page in outline] == titles
    starts = [page for _title, page in outline]
    assert starts == sorted(starts) and starts[0] == 2  # cover, contents, then chapter 1
    assert _contents_numbers(reader) == [page + 1 for page in starts]
    for title, page in outline:
        text = reader.pages[page].extract_text()
        assert title in text and f"Page {page + 1}" in text and "Jardiner en ville" in text
    cover = reader.pages[0].extract_text()
    assert "Camille Martin" in cover and "les citadins débutants" in cover and "Page" not in cover
    assert reader.metadata.title == "Jardiner en ville" and reader.metadata.author == "Camille Martin"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert len(reader.pages) <= pages_bound(chapters)


def test_ebook_cost_is_the_tokens_used_plus_the_pages_and_stays_within_the_reservation(
    django_capture_on_commit_callbacks, settings
):
    settings.AI_BUILDER_PRICES = {**settings.AI_BUILDER_PRICES, "ebook_per_page": 3}
    author = funded_user_make(500)
    job = _ebook(django_capture_on_commit_callbacks, author, title="Le pain maison", chapters=2)
    pages = len(_reader(job).pages)
    tokens = max(1, -(-(job.input_tokens * 1 + job.output_tokens * 2) // 1000))  # demo-chat: 1 in, 2 out per 1k
    assert job.input_tokens > 0 and job.output_tokens > 0
    assert job.cost == tokens + 3 * pages
    assert job.cost <= job.reserved_credits
    account = CreditAccount.objects.get(user=author)
    assert (account.balance, account.reserved) == (500 - job.cost, 0)


def test_ebook_with_an_edited_outline_uses_those_chapter_titles(django_capture_on_commit_callbacks):
    author = funded_user_make(300)
    titles = ["Choisir ses pots", "Les semis d'été"]
    job = _ebook(django_capture_on_commit_callbacks, author, title="Balcon fleuri", chapters=2, outline=titles)
    reader = _reader(job)
    assert [item.title for item in reader.outline] == titles
    assert job.params["outline"] == titles


@pytest.mark.parametrize(
    "params",
    [
        {"chapters": 2},
        {"title": "   ", "chapters": 2},
        {"title": "Livre", "chapters": 0},
        {"title": "Livre", "chapters": 21},
        {"title": "Livre", "chapters": "2"},
        {"title": "Livre", "chapters": 2, "outline": ["Un seul"]},
        {"title": "Livre", "chapters": 2, "outline": ["Un", ""]},
        {"title": "x" * 201, "chapters": 2},
    ],
)
def test_ebook_parameters_are_checked_before_anything_is_reserved(params):
    author = funded_user_make(300)
    with pytest.raises(ApplicationError) as caught:
        job_create(user=author, kind="ebook", model="demo-chat", prompt="", params=params)
    assert caught.value.extra["fields"]["params"]
    assert not GenerationJob.objects.exists()


def test_outline_parsing_reads_the_numbered_lists_models_write():
    answer = (
        "Voici un plan :\n\n"
        "1. Pourquoi jardiner en ville\n"
        "2) **Choisir ses contenants**\n"
        "### 3. Le terreau : bien le choisir\n"
        "Chapitre 4 : « Arroser sans gaspiller »\n"
        "**5.** Récolter.\n"
        "6. Un chapitre de trop\n"
    )
    titles = ebook_outline_parse(answer, chapters=5, title="Jardiner")
    assert titles == [
        "Pourquoi jardiner en ville",
        "Choisir ses contenants",
        "Le terreau : bien le choisir",
        "Arroser sans gaspiller",
        "Récolter",
    ]


def test_outline_parsing_completes_a_short_list_and_ignores_the_demo_template():
    assert ebook_outline_parse("1. Début\n\nBonne lecture !", chapters=3, title="Livre") == [
        "Début",
        "Chapitre 2 — Livre",
        "Chapitre 3 — Livre",
    ]
    assert ebook_outline_parse("Pas de liste du tout.", chapters=1, title="Livre") == ["Chapitre 1 — Livre"]


def test_outline_draft_is_a_charged_chat_job_and_the_demo_answer_gives_fallback_titles(
    django_capture_on_commit_callbacks,
):
    author = funded_user_make(100)
    with django_capture_on_commit_callbacks(execute=True):
        job = ebook_outline_draft(user=author, title="Cuisine du marché", chapters=3, audience="étudiants")
    job.refresh_from_db()
    assert job.kind == "chat" and job.status == Status.SUCCEEDED and job.cost >= 1
    answer = job.results.get().file.read().decode()
    assert "1. " in answer  # the demo's template holds a numbered list, which is not an outline
    assert ebook_outline_titles(job=job, chapters=3, title="Cuisine du marché") == [
        f"Chapitre {number} — Cuisine du marché" for number in range(1, 4)
    ]


def test_the_pdf_survives_whatever_markup_a_model_writes():
    text = (
        "# Un titre\n\nDu **gras *mal** imbriqué* et <script>alert(1)</script> & des <b>balises</b>.\n\n"
        "- une puce\n1) un numéro\n\n```\ncode\n```\n\n---\n\n" + "x" * 400 + "\n\n**Fin**"
    )
    document = EbookDocument(
        title="Titre <b>*étoilé*</b>",
        author="A & B",
        date="1 janvier 2027",
        chapters=(Chapter("Chapitre *un*", text), Chapter("Deux", "")),
    )
    data, pages = ebook_pdf_build(document)
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == pages >= 4
    chapter = reader.pages[2].extract_text()
    assert "<script>alert(1)</script>" in chapter and "Chapitre *un*" in chapter
    assert [item.title for item in reader.outline] == ["Chapitre *un*", "Deux"]


def test_the_pdf_prints_french_accents_with_an_embedded_font_and_is_dated_today():
    """Every accented letter is in the chosen font (no empty boxes), the font travels with the PDF, and the
    metadata carry the real date of creation."""
    from datetime import UTC, datetime

    import time_machine
    from reportlab.pdfbase import pdfmetrics

    from ai_studio.ebook_pdf import font_register

    french = "é è ê à â ç ô û ù œ Œ É À Ç « » — … \u2019"
    face = pdfmetrics.getFont(font_register()).face
    assert [letter for letter in french.replace(" ", "") if ord(letter) not in face.charToGlyph] == []
    document = EbookDocument(
        title="Le cœur à l'ouvrage",
        author="Éloïse Façon",
        date="26 novembre 2026",
        chapters=(Chapter("Été : les œufs", f"Une recette façon grand-mère : {french}."),),
        subject="Un eBook",
    )
    with time_machine.travel(datetime(2026, 11, 26, 9, 30, tzinfo=UTC), tick=False):
        pdf, pages = ebook_pdf_build(document)

    reader = PdfReader(BytesIO(pdf))
    assert pages == len(reader.pages) == 3
    assert french in " ".join(reader.pages[2].extract_text().split())
    for page in reader.pages:  # every font text is drawn with is embedded (a table cell's idle "BT /F3 10 Tf ET" aside)
        content = page.get_contents().get_data().decode("latin-1")
        content = re.sub(r"BT\s+/\S+\s+[\d.]+\s+Tf\s+[\d.]+\s+TL\s+ET", "", content)
        used = set(re.findall(r"(/[^\s/]+)\s+[\d.]+\s+Tf", content))
        assert used
        for name in used:
            font = page["/Resources"]["/Font"][name].get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object().get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert reader.metadata.title == "Le cœur à l'ouvrage" and reader.metadata.author == "Éloïse Façon"
    assert reader.metadata.creation_date.date().isoformat() == "2026-11-26"
