"""Demo data for ``manage.py seed_demo``: a French catalogue, blog posts, a bilingual FAQ, demo accounts.

Every function here is idempotent: rows are keyed by slug, SKU or email,
created once and written again only when the demo data itself changed.
"""

from dataclasses import dataclass

from django.db import transaction

DEFAULT_PASSWORD = "webox-demo-2026"


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo holds after seeding."""

    categories: int
    products: int
    variants: int
    images: int
    posts: int
    faq_categories: int
    faq_entries: int
    promo_codes: int


def demo_seed(*, password: str = DEFAULT_PASSWORD) -> DemoSummary:
    """Load (or refresh) the whole demo in one transaction and return what it holds."""
    from shop.search import search_words_refresh

    from .accounts import BLOGGER, accounts_seed
    from .blog import posts_seed
    from .catalogue import catalogue_seed
    from .faq import faq_seed
    from .promotions import promotions_seed

    with transaction.atomic():
        users = accounts_seed(password=password)
        catalogue_seed()
        promotions_seed()
        posts_seed(author=users[BLOGGER.email])
        faq_seed()
        search_words_refresh()  # spelling correction knows the demo products at once
    return demo_summary()


def demo_summary() -> DemoSummary:
    """Count the rows the demo pages show."""
    from blog.models import Post
    from shop.models import Category, Product, ProductImage, ProductVariant, PromoCode
    from support.models import FAQCategory, FAQEntry

    return DemoSummary(
        categories=Category.objects.count(),
        products=Product.objects.count(),
        variants=ProductVariant.objects.count(),
        images=ProductImage.objects.count(),
        posts=Post.objects.count(),
        faq_categories=FAQCategory.objects.count(),
        faq_entries=FAQEntry.objects.count(),
        promo_codes=PromoCode.objects.count(),
    )
