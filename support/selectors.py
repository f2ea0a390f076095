"""Help desk reads used by the pages."""

from dataclasses import dataclass, field

from .models import FAQCategory, FAQEntry


@dataclass
class FAQSection:
    """A category of the FAQ with its entries in one language."""

    category: FAQCategory
    title: str
    entries: list[FAQEntry] = field(default_factory=list)


def faq_list_sections(*, language: str) -> list[FAQSection]:
    """Return the published FAQ entries of ``language`` grouped by category, in one query."""
    entries = (
        FAQEntry.objects.filter(is_published=True, language=language)
        .select_related("category")
        .order_by("category__position", "category__name", "category_id", "position", "pk")
    )
    sections: dict[int, FAQSection] = {}
    for entry in entries:
        section = sections.get(entry.category_id)
        if section is None:
            section = sections[entry.category_id] = FAQSection(entry.category, entry.category.name_for(language))
        section.entries.append(entry)
    return list(sections.values())
