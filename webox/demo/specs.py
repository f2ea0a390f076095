"""Shapes of the demo data: plain frozen dataclasses the seeding functions read."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class VariantSpec:
    """One variant: its options, price (VAT incl.), stock and former price."""

    options: dict
    price: str
    stock: int = 20
    compare_at: str | None = None


@dataclass(frozen=True)
class ProductSpec:
    """One product of the demo catalogue; its description is built from ``short`` and ``features``."""

    name: str
    brand: str
    short: str
    features: tuple[str, ...]
    tags: tuple[str, ...]
    variants: tuple[VariantSpec, ...]
    featured: bool = False
    kind: str = ""
    credits: int | None = None


@dataclass(frozen=True)
class CategorySpec:
    """One category with its colour (for pictures), SKU code, defaults and products."""

    slug: str
    name: str
    code: str
    colour: str
    description: str
    advice: str
    products: tuple[ProductSpec, ...]
    kind: str = "physical"
    vat_rate: str = "20.00"


@dataclass(frozen=True)
class PostSpec:
    """One blog post; ``days`` places its publication date relative to the first seeding."""

    slug: str
    title: str
    excerpt: str
    body: str
    tags: tuple[str, ...]
    status: str
    days: int | None
    colour: str = "#6C4BD8"


@dataclass(frozen=True)
class FAQSpec:
    """One FAQ question in one language."""

    slug: str
    question: str
    answer: str


@dataclass(frozen=True)
class FAQCategorySpec:
    """One FAQ heading with its questions in French and in English."""

    slug: str
    name: str
    name_en: str
    fr: tuple[FAQSpec, ...] = field(default_factory=tuple)
    en: tuple[FAQSpec, ...] = field(default_factory=tuple)


def v(price: str, stock: int = 20, compare_at: str | None = None, **options: str) -> VariantSpec:
    """Shorten a variant spec: ``v("19.90", 3, taille="M")``."""
    return VariantSpec(options=options, price=price, stock=stock, compare_at=compare_at)
