"""Catalogue reads tuned for the pages: a constant number of queries per list."""

from django.db.models import Prefetch, Q, QuerySet

from .models import Category, Product, ProductImage, ProductVariant

SEARCH_MIN_LENGTH = 2


def category_list_roots() -> QuerySet[Category]:
    """Return the active top-level categories, in shelf order."""
    return Category.objects.filter(is_active=True, parent__isnull=True).order_by("position", "name")


def category_get_active(*, slug: str) -> Category | None:
    """Return the active category ``slug`` with its parents loaded, or None."""
    return Category.objects.filter(is_active=True, slug=slug).select_related("parent__parent__parent").first()


def category_list_children(*, category: Category) -> QuerySet[Category]:
    """Return the active sub-categories of ``category``."""
    return category.children.filter(is_active=True).order_by("position", "name")


def category_descendant_ids(*, category: Category) -> list[int]:
    """Return the ids of ``category`` and of all its active descendants, in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.filter(is_active=True).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = [], [category.pk]
    while pending:
        pk = pending.pop()
        found.append(pk)
        pending.extend(child for child in children.get(pk, []) if child not in found)
    return found


def _with_listing_data(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """Load what a product card shows (category, variants, images) in three extra queries at most."""
    return queryset.select_related("category").prefetch_related(
        Prefetch("variants", queryset=ProductVariant.objects.order_by("position", "pk")),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
    )


def product_list_visible() -> QuerySet[Product]:
    """Return the products a visitor may see: active, in an active category."""
    return Product.objects.filter(is_active=True, category__is_active=True)


def product_list_catalogue(*, category: Category | None = None) -> QuerySet[Product]:
    """Return the visible products for a listing (featured first), optionally under ``category``."""
    queryset = product_list_visible()
    if category is not None:
        queryset = queryset.filter(category_id__in=category_descendant_ids(category=category))
    return _with_listing_data(queryset).order_by("-is_featured", "name", "pk")


def product_list_featured(*, limit: int = 8) -> QuerySet[Product]:
    """Return up to ``limit`` featured products, the newest first."""
    queryset = product_list_visible().filter(is_featured=True).order_by("-created_at", "-pk")
    return _with_listing_data(queryset)[:limit]


def product_list_new(*, limit: int = 8) -> QuerySet[Product]:
    """Return the ``limit`` most recently added products."""
    return _with_listing_data(product_list_visible().order_by("-created_at", "-pk"))[:limit]


def product_list_credit_packs() -> QuerySet[Product]:
    """Return the visible AI credit packs, the smallest first."""
    queryset = product_list_visible().filter(kind=Product.Kind.CREDIT_PACK).order_by("credits", "pk")
    return _with_listing_data(queryset)


def product_search(*, query: str) -> QuerySet[Product]:
    """Return visible products whose name, brand, short description or a tag contains ``query``.

    A plain case-insensitive match; PostgreSQL full-text search replaces it later.
    """
    query = query.strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return Product.objects.none()
    tagged = Product.objects.filter(tags__name__icontains=query).values("pk")
    matches = (
        Q(name__icontains=query) | Q(brand__icontains=query) | Q(short_description__icontains=query) | Q(pk__in=tagged)
    )
    return _with_listing_data(product_list_visible().filter(matches)).order_by("-is_featured", "name", "pk")


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
