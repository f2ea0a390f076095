"""Site-wide search-engine metadata: JSON-LD about the site itself and ``hreflang`` alternates.

Page-specific documents (``Product``, ``BreadcrumbList``, ``BlogPosting``…) belong to their app;
this module describes what every page shares: the organisation, the web site and its search box,
and the address of the current page in each language.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation

from shop.seo import absolute_url, json_ld

__all__ = [
    "Alternate",
    "absolute_url",
    "hreflang_alternates",
    "json_ld",
    "organization_schema",
    "page_in_language",
    "robots_disallowed_paths",
    "website_schema",
]

SEARCH_TERM = "search_term_string"
# Areas kept out of search engines: private pages under each language's root, then addresses without language.
PRIVATE_PAGES = ("account/", "accounts/", "shop/cart/", "orders/checkout/", "orders/")
PRIVATE_ROOTS = ("/admin/", "/api/")


@dataclass(frozen=True)
class Alternate:
    """One ``<link rel="alternate" hreflang>``: a language code (or ``x-default``) and an absolute URL."""

    hreflang: str
    href: str


def organization_schema() -> dict[str, Any]:
    """Describe the company behind the site as a schema.org ``Organization``."""
    home = absolute_url(reverse("home"))
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{home}#organization",
        "name": settings.SITE_NAME,
        "url": home,
        "logo": absolute_url(static("img/apple-touch-icon.png")),
    }


def website_schema() -> dict[str, Any]:
    """Describe the site as a schema.org ``WebSite`` whose ``SearchAction`` is the shop's search page."""
    home = absolute_url(reverse("home"))
    search = absolute_url(reverse("shop:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": settings.SITE_NAME,
        "url": home,
        "inLanguage": translation.get_language() or settings.LANGUAGE_CODE,
        "publisher": {"@id": f"{home}#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{{SEARCH_TERM}}}"},
            "query-input": f"required name={SEARCH_TERM}",
        },
    }


def page_in_language(path: str, language: str) -> str | None:
    """Return the path of the page ``path`` in ``language``, or None when it has no named URL there."""
    translated = translate_url(path, language)
    current = translation.get_language() or settings.LANGUAGE_CODE
    if translated == path and language != current:
        return None
    return translated


def hreflang_alternates(path: str) -> list[Alternate]:
    """Return the page ``path`` in every language plus ``x-default`` (the default language), or nothing.

    A page that cannot be found in every language (an error page, a path without a name) gets no
    alternates at all: a partial set would be worse than none.
    """
    paths = {code: page_in_language(path, code) for code, _name in settings.LANGUAGES}
    if None in paths.values():
        return []
    alternates = [Alternate(code, absolute_url(found)) for code, found in paths.items()]
    alternates.append(Alternate("x-default", absolute_url(paths[settings.LANGUAGE_CODE])))
    return alternates


def robots_disallowed_paths() -> list[str]:
    """Return the path prefixes robots.txt disallows: account, cart, checkout, orders in every language, admin, API."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            root = reverse("home")
        paths.extend(root + page for page in PRIVATE_PAGES)
    return paths + list(PRIVATE_ROOTS)
