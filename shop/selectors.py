"""Catalogue reads tuned for the pages: a constant number of queries per list."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When, Window

from .models import Category, Product, ProductImage, ProductVariant, Review, SearchDocument, WishlistItem


def category_list_roots() -> QuerySet[Category]:
    """Return the active top-level categories, in shelf order."""
    return Category.objects.filter(is_active=True, parent__isnull=True).order_by("position", "name")


def with_listing_data(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """Load what a product card shows (category, variants, images) in three extra queries at most.

    Variants and images land in ``listing_variants`` and ``listing_images`` (read through
    ``Product.variants_loaded()`` and ``images_loaded()``), in shelf order.
    """
    return queryset.select_related("category").prefetch_related(
        Prefetch("variants", queryset=ProductVariant.objects.order_by("position", "pk"), to_attr="listing_variants"),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"), to_attr="listing_images"),
    )


def product_list_visible() -> QuerySet[Product]:
    """Return the products a visitor may see: active, in an active category."""
    return Product.objects.filter(is_active=True, category__is_active=True)


def search_document_list_visible() -> QuerySet[SearchDocument]:
    """Return the search documents of the visible products (active, in an active category)."""
    return SearchDocument.objects.filter(is_visible=True)


def product_list_featured(*, limit: int = 8) -> QuerySet[Product]:
    """Return up to ``limit`` featured products, the newest first."""
    queryset = product_list_visible().filter(is_featured=True).order_by("-created_at", "-pk")
    return with_listing_data(queryset)[:limit]


def product_list_new(*, limit: int = 8) -> QuerySet[Product]:
    """Return the ``limit`` most recently added products."""
    return with_listing_data(product_list_visible().order_by("-created_at", "-pk"))[:limit]


def product_list_credit_packs() -> QuerySet[Product]:
    """Return the visible AI credit packs, the smallest first."""
    queryset = product_list_visible().filter(kind=Product.Kind.CREDIT_PACK).order_by("credits", "pk")
    return with_listing_data(queryset)


def product_get_visible(*, slug: str) -> Product | None:
    """Return the visible product ``slug``, or None."""
    return product_list_visible().filter(slug=slug).first()


def product_get_for_page(*, slug: str) -> Product | None:
    """Return the visible product ``slug`` with everything its page shows, or None."""
    return (
        product_list_visible()
        .filter(slug=slug)
        .select_related("category__parent__parent")
        .prefetch_related(
            Prefetch("variants", queryset=ProductVariant.objects.order_by("position", "pk")),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
            "tags",
        )
        .first()
    )


def product_list_related(*, product: Product, limit: int = 4) -> list[Product]:
    """Return up to ``limit`` visible products of the same category or sharing a tag, the featured first.

    Reads the tags prefetched on ``product``: three queries whatever the catalogue size.
    """
    tag_ids = [tag.pk for tag in product.tags.all()]
    kin = Q(category_id=product.category_id) | Q(pk__in=Product.objects.filter(tags__in=tag_ids).values("pk"))
    queryset = product_list_visible().filter(kin).exclude(pk=product.pk)
    return list(with_listing_data(queryset).order_by("-is_featured", "-rating_avg", "name", "pk")[:limit])


def product_get_by_old_slug(*, slug: str) -> Product | None:
    """Return the visible product that used to live at ``slug``, or None."""
    return product_list_visible().filter(slug_redirects__old_slug=slug).first()


# ---------------------------------------------------------------------------
# Reviews and wishlists
# ---------------------------------------------------------------------------
REVIEWS_ON_PAGE = 20
WISHLIST_IDS_CACHE_SECONDS = 300


@dataclass(frozen=True)
class ReviewSummary:
    """What the product page shows of the reviews, read in one query at most."""

    reviews: list[Review] = field(default_factory=list)
    distribution: list[tuple[int, int]] = field(default_factory=lambda: [(stars, 0) for stars in range(5, 0, -1)])
    own_review: Review | None = None


def review_list_visible(*, product: Product) -> QuerySet[Review]:
    """Return the reviews of ``product`` that staff did not hide, the newest first."""
    return Review.objects.filter(product=product, is_hidden=False).select_related("user").order_by("-created_at", "-pk")


def review_summary_for_page(*, product: Product, user, limit: int = REVIEWS_ON_PAGE) -> ReviewSummary:
    """Return the newest visible reviews, the count per star (5 to 1) and the viewer's own review.

    One query: the counts are window aggregates over every matching row, computed
    before the ``LIMIT``; the viewer's own review (even hidden) comes first.
    """
    signed_in = bool(getattr(user, "is_authenticated", False))
    if not signed_in and product.rating_count == 0:
        return ReviewSummary()
    shown = Q(is_hidden=False) | Q(user_id=user.pk) if signed_in else Q(is_hidden=False)
    counts = {f"stars_{stars}": Window(Count("pk", filter=Q(is_hidden=False, rating=stars))) for stars in range(1, 6)}
    own_first = Case(When(user_id=user.pk if signed_in else None, then=Value(0)), default=Value(1))
    rows = list(
        Review.objects.filter(product=product)
        .filter(shown)
        .select_related("user")
        .annotate(**counts)
        .order_by(own_first, "-created_at", "-pk")[:limit]
    )
    if not rows:
        return ReviewSummary()
    own = rows[0] if signed_in and rows[0].user_id == user.pk else None
    return ReviewSummary(
        reviews=[review for review in rows if not review.is_hidden],
        distribution=[(stars, getattr(rows[0], f"stars_{stars}")) for stars in range(5, 0, -1)],
        own_review=own,
    )


def wishlist_list(*, user) -> QuerySet[WishlistItem]:
    """Return ``user``'s wishlist (never anyone else's), the latest saved first, with what a card shows."""
    return (
        WishlistItem.objects.filter(user_id=user.pk, product__is_active=True, product__category__is_active=True)
        .select_related("product__category")
        .prefetch_related(
            Prefetch("product__variants", queryset=ProductVariant.objects.order_by("position", "pk")),
            Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "pk")),
        )
        .order_by("-created_at", "-pk")
    )


def wishlist_cache_key(user_id: int) -> str:
    """Name the cache entry holding a user's wishlist product ids (the wishlist services delete it)."""
    return f"shop:wishlist-ids:{user_id}"


def wishlist_product_ids(*, user) -> frozenset[int]:
    """Return the ids of the products in ``user``'s wishlist (empty for an anonymous visitor).

    Read from the cache when it holds them, so that the heart on every page costs no query;
    the wishlist services forget the entry after each change, the timeout bounds other edits.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    key = wishlist_cache_key(user.pk)
    ids = cache.get(key)
    if ids is None:
        ids = frozenset(WishlistItem.objects.filter(user_id=user.pk).values_list("product_id", flat=True))
        cache.set(key, ids, WISHLIST_IDS_CACHE_SECONDS)
    return ids
