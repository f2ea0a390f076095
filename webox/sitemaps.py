"""/sitemap.xml: an index of one sitemap per section; each app adds its section here (blog, FAQ…).

The index is built on ``SITE_URL`` like the sections (see ``webox.common.sitemaps``),
not on the Sites framework's domain, which nothing keeps up to date.
"""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from shop.sitemaps import CategorySitemap, ProductSitemap

sitemaps = {
    "categories": CategorySitemap,
    "products": ProductSitemap,
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
