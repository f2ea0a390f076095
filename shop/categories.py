"""The tree of active categories, loaded in one query and walked in memory.

A listing needs a category's children, its descendants (products of
sub-categories are listed too), its ancestors (breadcrumbs) and counts rolled up
from leaves to roots; a shop has at most a few hundred categories, so loading
them all once is cheaper than one query per level.
"""

from collections.abc import Mapping

from .models import Category


class CategoryTree:
    """Active categories indexed by id, slug and parent."""

    def __init__(self, categories: list[Category]):
        self.by_id = {category.pk: category for category in categories}
        self.by_slug = {category.slug: category for category in categories}
        self._children: dict[int | None, list[Category]] = {}
        for category in categories:
            self._children.setdefault(category.parent_id, []).append(category)

    @classmethod
    def load(cls) -> "CategoryTree":
        """Load every active category (one query), in shelf order."""
        return cls(list(Category.objects.filter(is_active=True).order_by("position", "name", "pk")))

    def get(self, slug: str) -> Category | None:
        """Return the active category ``slug`` whose parents are all active, or None."""
        category = self.by_slug.get(slug)
        return category if category is not None and self._reachable(category) else None

    def _reachable(self, category: Category) -> bool:
        seen: set[int] = set()
        while category.parent_id is not None:
            if category.parent_id in seen or category.parent_id not in self.by_id:
                return False
            seen.add(category.parent_id)
            category = self.by_id[category.parent_id]
        return True

    def roots(self) -> list[Category]:
        """Return the top-level categories."""
        return list(self._children.get(None, []))

    def children(self, category: Category) -> list[Category]:
        """Return the direct sub-categories of ``category``."""
        return list(self._children.get(category.pk, []))

    def descendant_ids(self, category: Category) -> list[int]:
        """Return the ids of ``category`` and of all its descendants."""
        found, pending = [], [category.pk]
        while pending:
            pk = pending.pop()
            if pk in found:
                continue
            found.append(pk)
            pending.extend(child.pk for child in self._children.get(pk, []))
        return found

    def rollup(self, counts: Mapping[int, int]) -> dict[int, int]:
        """Return, per category, its own count plus the counts of all its descendants."""
        totals: dict[int, int] = {}
        for category_id, count in counts.items():
            seen: set[int] = set()
            current = self.by_id.get(category_id)
            while current is not None and current.pk not in seen:
                seen.add(current.pk)
                totals[current.pk] = totals.get(current.pk, 0) + count
                current = self.by_id.get(current.parent_id) if current.parent_id else None
        return totals
