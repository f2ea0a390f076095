"""A sitemap base whose absolute URLs start with ``SITE_URL`` rather than the Sites framework's domain."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteUrlSitemap(Sitemap):
    """Build the ``<loc>`` of every entry on ``settings.SITE_URL`` (scheme and host), in every language."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc
