"""Seed the demo FAQ in French and in English."""

from support.models import FAQCategory, FAQEntry

from .data.faq import FAQ_CATEGORIES
from .specs import FAQSpec
from .upsert import upsert


def faq_seed() -> None:
    """Create or refresh the demo FAQ categories and their entries in both languages."""
    for position, spec in enumerate(FAQ_CATEGORIES):
        values = {"name": spec.name, "name_en": spec.name_en, "position": position}
        category, _written = upsert(FAQCategory, lookup={"slug": spec.slug}, values=values)
        for language, entries in (("fr", spec.fr), ("en", spec.en)):
            for entry_position, entry in enumerate(entries):
                _entry_seed(entry, category=category, language=language, position=entry_position)


def _entry_seed(spec: FAQSpec, *, category: FAQCategory, language: str, position: int) -> None:
    values = {
        "category_id": category.pk,
        "question": spec.question,
        "answer": spec.answer,
        "position": position,
        "is_published": True,
    }
    upsert(FAQEntry, lookup={"language": language, "slug": spec.slug}, values=values)
