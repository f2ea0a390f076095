"""Sitemap sections of the catalogue: active categories and visible products (in both languages)."""

from django.db.models import QuerySet

from webox.common.sitemaps import SiteUrlSitemap

from . import selectors
from .models import Category, Product


class CategorySitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Category]:
        return Category.objects.filter(is_active=True).only("slug", "updated_at").order_by("pk")

    def lastmod(self, category: Category):
        return category.updated_at


class ProductSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000  # entries per page: with both languages, 10,000 URLs per file

    def items(self) -> QuerySet[Product]:
        return selectors.product_list_visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product: Product):
        return product.updated_at
