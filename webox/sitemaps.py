"""/sitemap.xml: an index of one sitemap per section; each app adds its section here (blog, FAQ…).

The index is built on ``SITE_URL`` like the sections (see ``webox.common.sitemaps``),
not on the Sites framework's domain, which nothing keeps up to date.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from blog.models import Post
from shop.sitemaps import CategorySitemap, ProductSitemap
from support.models import FAQEntry
from webox.common.sitemaps import SiteUrlSitemap


class PageSitemap(SiteUrlSitemap):
    """The pages that are not rows of a table: home, shop, blog, contact and legal pages."""

    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[str]:
        return ["home", "shop:catalogue", "blog:index", "contact", "legal-notice", "terms", "privacy"]

    def location(self, name: str) -> str:
        return reverse(name)


class PostSitemap(SiteUrlSitemap):
    """The blog posts visitors may read, last modified first."""

    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet[Post]:
        return Post.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, post: Post) -> datetime:
        return post.updated_at


class FAQSitemap(SiteUrlSitemap):
    """The help page, last modified when its latest published answer was."""

    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[str]:
        return ["support:faq"]

    def location(self, name: str) -> str:
        return reverse(name)

    def lastmod(self, name: str) -> datetime | None:
        return FAQEntry.objects.filter(is_published=True).aggregate(latest=Max("updated_at"))["latest"]


sitemaps = {
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "products": ProductSitemap,
    "posts": PostSitemap,
    "faq": FAQSitemap,
}


@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """List the address of every page of every section's sitemap."""
    items = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        url = settings.SITE_URL.rstrip("/") + reverse("sitemap-section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(url, lastmod))
        items.extend(SitemapIndexItem(f"{url}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")
