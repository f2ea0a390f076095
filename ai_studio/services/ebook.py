"""The eBook builder: a title and a number of chapters → an outline → chapters written by a chat model → a PDF.

The outline can be drafted first as a small chat job (``ebook_outline_draft``),
read back as chapter titles (``ebook_outline_titles``) for the user to edit, and
given to the ``ebook`` job as ``params["outline"]``; without one, the job drafts
it itself. The job is charged the tokens really used plus
``AI_BUILDER_PRICES["ebook_per_page"]`` per page of the PDF; its estimate adds
the longest answers allowed and the most pages such answers can fill.
"""

import math
import re
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError

from ..catalogue import AiModel
from ..ebook_pdf import Chapter, EbookDocument, ebook_pdf_build
from ..models import GenerationJob
from ..providers import ChatRequest, GeneratedFile, Usage, messages_tuple, provider_get, providers
from .kinds import JobContext, JobKind, Outcome
from .params import int_param, invalid

MAX_CHAPTERS = 20
TITLE_MAX_LENGTH = 200
CHAPTER_TITLE_MAX_LENGTH = 120
OUTLINE_MAX_TOKENS = 500
CHAPTER_MAX_TOKENS = 1500
CHAPTER_WORDS = 700
PAGES_PER_CHAPTER_MAX = 6  # the most pages a chapter of CHAPTER_MAX_TOKENS tokens is charged
FRONT_PAGES = 2  # the cover and the first page of the table of contents
TOC_LINES_PER_PAGE = 25
DASHES = "\u2014\u2013-"  # em dash, en dash, hyphen
NUMBERED_LINE = re.compile(
    rf"^\s*(?:#+\s*)?(?:\*\*)?\s*(?:(?:chapitre|chapter)\s+)?(\d{{1,2}})\s*(?:[.):{DASHES}]|\*\*)+\s*(.+)$",
    re.IGNORECASE,
)
TITLE_PREFIX = re.compile(rf"^(?:(?:chapitre|chapter)\s+\d{{1,2}}\s*[.:{DASHES}]\s*)", re.IGNORECASE)

OUTLINE_SYSTEM = (
    "Tu es un éditeur professionnel. Tu proposes le plan d'un livre en français. Réponds uniquement par la "
    "liste numérotée des titres de chapitres, un par ligne, sous la forme « 1. Titre », sans autre texte."
)
CHAPTER_SYSTEM = (
    "Tu es un auteur professionnel. Tu écris en français, en Markdown simple : des paragraphes, des "
    "intertitres « ## », des listes à puces « - », du **gras** avec parcimonie. Ne répète pas le titre du "
    "chapitre au début et n'ajoute aucun commentaire sur ta réponse."
)


def _text_param(params: dict, name: str, *, limit: int, required: bool = False) -> str:
    """Return ``params[name]`` stripped: a text of at most ``limit`` characters (refuse an empty one if required)."""
    value = params.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value.strip()) > limit or (required and not value.strip()):
        message = (
            _("%(name)s: give a text of 1 to %(limit)d characters.")
            if required
            else _("%(name)s: give a text of at most %(limit)d characters.")
        )
        raise invalid("params", message % {"name": name, "limit": limit})
    return " ".join(value.split())


def _outline_clean(value: Any, chapters: int) -> list[str]:
    """Return the chapter titles the user gave: exactly ``chapters`` non-empty short texts."""
    if not isinstance(value, list) or len(value) != chapters:
        raise invalid("params", _("outline: give one title per chapter (%(count)d).") % {"count": chapters})
    titles = [" ".join(title.split()) if isinstance(title, str) else "" for title in value]
    if not all(0 < len(title) <= TITLE_MAX_LENGTH for title in titles):
        message = _("outline: every chapter title is a text of 1 to %(limit)d characters.")
        raise invalid("params", message % {"limit": TITLE_MAX_LENGTH})
    return titles


def ebook_params_clean(params: dict) -> dict[str, Any]:
    """Return an eBook job's parameters: ``title``, ``chapters``, ``audience``, ``tone`` and maybe ``outline``."""
    cleaned: dict[str, Any] = {
        "title": _text_param(params, "title", limit=TITLE_MAX_LENGTH, required=True),
        "chapters": int_param(params, "chapters", 5, 1, MAX_CHAPTERS),
        "audience": _text_param(params, "audience", limit=200),
        "tone": _text_param(params, "tone", limit=100),
    }
    if params.get("outline") not in (None, [], ""):
        cleaned["outline"] = _outline_clean(params["outline"], cleaned["chapters"])
    return cleaned


def ebook_free_text(params: dict[str, Any]) -> tuple[str, str]:
    """Return the texts the person wrote (title, audience, tone, chapter titles), to be moderated."""
    texts = [params["title"], params.get("audience", ""), params.get("tone", ""), *params.get("outline", [])]
    return "title", "\n".join(text for text in texts if text)


def pages_bound(chapters: int) -> int:
    """Return the most pages an eBook of ``chapters`` chapters is charged (and reserved) for."""
    return FRONT_PAGES + math.ceil(chapters / TOC_LINES_PER_PAGE) + chapters * PAGES_PER_CHAPTER_MAX


def _tokens_bound(messages: tuple) -> int:
    """Return an upper bound of the input tokens of ``messages`` (a token is two characters or more of prose)."""
    return sum(len(message.content) // 2 + 16 for message in messages)


def ebook_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve: the longest answers allowed, their prompts, and the most pages."""
    chapters = params["chapters"]
    titles = params.get("outline") or ["x" * CHAPTER_TITLE_MAX_LENGTH] * chapters
    input_tokens = sum(_tokens_bound(_chapter_messages(params, titles, number)) for number in range(1, chapters + 1))
    output_tokens = chapters * CHAPTER_MAX_TOKENS
    if not params.get("outline"):
        input_tokens += _tokens_bound(_outline_messages(params))
        output_tokens += OUTLINE_MAX_TOKENS
    pages = pages_bound(chapters) * settings.AI_BUILDER_PRICES["ebook_per_page"]
    return model.tokens_cost(input_tokens=input_tokens, output_tokens=output_tokens) + pages


def _outline_messages(params: dict[str, Any]) -> tuple:
    lines = [f"Titre du livre : « {params['title']} ».", f"Nombre de chapitres : {params['chapters']}."]
    if params.get("audience"):
        lines.append(f"Public visé : {params['audience']}.")
    if params.get("tone"):
        lines.append(f"Ton : {params['tone']}.")
    lines.append(f"Propose exactement {params['chapters']} titres de chapitres courts (moins de 80 caractères).")
    return messages_tuple([("system", OUTLINE_SYSTEM), ("user", "\n".join(lines))])


def _chapter_messages(params: dict[str, Any], titles: list[str], number: int) -> tuple:
    plan = "\n".join(f"{index}. {title}" for index, title in enumerate(titles, start=1))
    lines = [f"Livre : « {params['title']} »."]
    if params.get("audience"):
        lines.append(f"Public visé : {params['audience']}.")
    if params.get("tone"):
        lines.append(f"Ton : {params['tone']}.")
    lines += [
        f"Plan du livre :\n{plan}",
        f"Écris le chapitre {number} : « {titles[number - 1]} », environ {CHAPTER_WORDS} mots.",
    ]
    return messages_tuple([("system", CHAPTER_SYSTEM), ("user", "\n\n".join(lines))])


def outline_fallback(number: int, title: str) -> str:
    """Return the title of chapter ``number`` when the model gave none: ``Chapitre N — <book title>``."""
    return f"Chapitre {number} — {title}"[:CHAPTER_TITLE_MAX_LENGTH]


def _title_clean(text: str) -> str:
    text = TITLE_PREFIX.sub("", text.strip())
    text = re.sub(r"[*_`]", "", text).strip(f" \t\"'«»“”.:;{DASHES}")
    return " ".join(text.split())[:CHAPTER_TITLE_MAX_LENGTH]


def ebook_outline_parse(text: str, *, chapters: int, title: str, demo: bool = False) -> list[str]:
    """Return ``chapters`` chapter titles read from the model's numbered list (``1. Titre``, ``Chapitre 1 : Titre``,
    ``**1.** Titre``...), in order; missing ones (or all of them, for the demo, which writes no outline) are
    ``Chapitre N — <title>``."""
    found: list[str] = []
    if not demo:
        for line in text.splitlines():
            match = NUMBERED_LINE.match(line)
            cleaned = _title_clean(match.group(2)) if match else ""
            if cleaned and cleaned not in found:
                found.append(cleaned)
    found = found[:chapters]
    return found + [outline_fallback(number, title) for number in range(len(found) + 1, chapters + 1)]


def _is_demo(alias: str) -> bool:
    return alias in providers and getattr(providers.get(alias), "is_demo", False)


def ebook_outline_draft(
    *, user, model: str = "", title: str, chapters: int, audience: str = "", tone: str = ""
) -> GenerationJob:
    """Queue the small chat job that drafts the outline of an eBook (charged like any chat job); return it."""
    from .jobs import job_create

    params = ebook_params_clean({"title": title, "chapters": chapters, "audience": audience, "tone": tone})
    system, user_message = _outline_messages(params)
    chat_params = {"max_tokens": OUTLINE_MAX_TOKENS, "system_prompt": system.content}
    return job_create(user=user, kind="chat", model=model, prompt=user_message.content, params=chat_params)


def ebook_outline_titles(*, job: GenerationJob, chapters: int, title: str) -> list[str]:
    """Return the chapter titles drafted by the outline chat ``job`` (fallback titles when it gave none)."""
    result = job.results.first() if job.status == GenerationJob.Status.SUCCEEDED else None
    text = ""
    if result is not None:
        with result.file.open("rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    return ebook_outline_parse(text, chapters=chapters, title=title, demo=_is_demo(job.provider))


class _Writer:
    """Ask the job's chat model, adding up the tokens of every answer."""

    def __init__(self, model: AiModel):
        self.model, self.provider = model, provider_get(model.provider)
        self.input_tokens = self.output_tokens = 0

    def ask(self, messages: tuple, max_tokens: int) -> str:
        result = self.provider.chat(ChatRequest(model=self.model.model, messages=messages, max_tokens=max_tokens))
        self.input_tokens += result.usage.input_tokens
        self.output_tokens += result.usage.output_tokens
        return result.text

    @property
    def usage(self) -> Usage:
        return Usage(input_tokens=self.input_tokens, output_tokens=self.output_tokens)


def _document(job: GenerationJob, chapters: list[Chapter]) -> EbookDocument:
    params, user = job.params, job.user
    with translation.override("fr"):
        subtitle = _("For %(audience)s") % {"audience": params["audience"]} if params.get("audience") else ""
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    return EbookDocument(
        title=params["title"],
        subtitle=subtitle,
        author=user.display_name or user.get_short_name(),
        date=today,
        subject=_("eBook written with the WEBOX AI studio"),
        chapters=tuple(chapters),
    )


def ebook_run(context: JobContext) -> Outcome:
    """Write the outline (unless given) and every chapter, then lay the PDF out; charge tokens and pages."""
    job, params = context.job, context.job.params
    writer = _Writer(context.model)
    titles = params.get("outline")
    if not titles:
        context.progress(12, _("Writing the outline"))
        answer = writer.ask(_outline_messages(params), OUTLINE_MAX_TOKENS)
        titles = ebook_outline_parse(
            answer, chapters=params["chapters"], title=params["title"], demo=writer.provider.is_demo
        )
    chapters = []
    for number, title in enumerate(titles, start=1):
        stage = _("Writing chapter %(number)d of %(total)d") % {"number": number, "total": len(titles)}
        context.progress(15 + 75 * (number - 1) // len(titles), stage)
        chapters.append(Chapter(title, writer.ask(_chapter_messages(params, titles, number), CHAPTER_MAX_TOKENS)))
    context.progress(92, _("Laying out the PDF"))
    pdf, pages = ebook_pdf_build(_document(job, chapters))
    charged_pages = min(pages, pages_bound(len(titles)))
    usage = writer.usage
    cost = context.model.tokens_cost(input_tokens=usage.input_tokens, output_tokens=usage.output_tokens)
    cost += charged_pages * settings.AI_BUILDER_PRICES["ebook_per_page"]
    return Outcome(files=[GeneratedFile(pdf, "application/pdf", "pdf")], usage=usage, cost=context.charge(cost))


EBOOK = JobKind(
    capability="chat",
    clean=ebook_params_clean,
    estimate=ebook_cost_estimate,
    run=ebook_run,
    prompt_required=False,
    free_text=ebook_free_text,
)


def ebook_publish(*, job: GenerationJob, category, price) -> tuple[Any, bool]:
    """Staff: sell the PDF of the succeeded eBook ``job`` as an inactive digital product (once per job).

    Return the product and whether it was created now (False: it was published before).
    """
    from shop.services import product_digital_publish

    result = job.results.filter(content_type="application/pdf").first()
    if job.kind != GenerationJob.Kind.EBOOK or job.status != GenerationJob.Status.SUCCEEDED or result is None:
        raise ApplicationError(_("Only a finished eBook can be published."), code="not_a_finished_ebook")
    with result.file.open("rb") as handle:
        content = handle.read()
    title = job.params["title"]
    return product_digital_publish(
        sku=f"EBOOK-{job.pk}",
        name=title,
        category=category,
        price=price,
        file_name=f"{slugify(title)[:80] or 'ebook'}.pdf",
        content=content,
        short_description=_("An eBook of %(count)d chapters, in PDF.") % {"count": job.params["chapters"]},
    )
