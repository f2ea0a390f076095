"""Structured data for search engines: JSON-LD documents built in Python, always valid JSON.

The templates print the result of :func:`json_ld` inside
``<script type="application/ld+json">``; ``<``, ``>`` and ``&`` are escaped as
JSON unicode escapes so that no text of a product can close the script element.
"""

import json
from typing import Any

from django.conf import settings
from django.urls import reverse

from .models import Product, ProductVariant

SCHEMA_AVAILABILITY = {
    ProductVariant.StockStatus.IN_STOCK: "https://schema.org/InStock",
    ProductVariant.StockStatus.LOW: "https://schema.org/InStock",
    ProductVariant.StockStatus.OUT: "https://schema.org/OutOfStock",
}
_HTML_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute_url(url: str) -> str:
    """Return ``url`` prefixed with ``SITE_URL`` unless it is already absolute."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def json_ld(data: dict[str, Any]) -> str:
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_UNSAFE)


def product_schema(
    *, product: Product, variant: ProductVariant | None, url: str, images: list[str], variants: list | None = None
) -> dict:
    """Describe ``product`` as a schema.org ``Product`` (absolute ``url`` and ``images``).

    One version gives one ``Offer``; several give an ``AggregateOffer`` (lowest and
    highest price) listing an ``Offer`` per version, so search engines see every
    price, not only the one shown.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "description": product.seo_description or product.short_description or product.name,
    }
    if images:
        data["image"] = images
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand}
    if variant is not None:
        data["sku"] = variant.sku
        data["offers"] = _offer(variant, url)
    if variants and len(variants) > 1:
        prices = [option.price for option in variants]
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": "EUR",
            "lowPrice": f"{min(prices):.2f}",
            "highPrice": f"{max(prices):.2f}",
            "offerCount": len(variants),
            "offers": [_offer(option, f"{url}?variant={option.pk}") for option in variants],
        }
    if product.rating_count > 0:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating_avg:.2f}",
            "reviewCount": product.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


def _offer(variant: ProductVariant, url: str) -> dict:
    """Describe one version of a product as a schema.org ``Offer``."""
    return {
        "@type": "Offer",
        "sku": variant.sku,
        "price": f"{variant.price:.2f}",
        "priceCurrency": "EUR",
        "availability": SCHEMA_AVAILABILITY[variant.stock_status],
        "itemCondition": "https://schema.org/NewCondition",
        "url": url,
    }


def breadcrumb_schema(items: list[tuple[str, str]]) -> dict:
    """Describe a trail of ``(name, absolute url)`` pairs as a schema.org ``BreadcrumbList``."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def category_schema(*, category, url: str, products: list[Product], image: str = "") -> dict:
    """Describe a category page as a schema.org ``CollectionPage`` listing the products shown (an ``ItemList``)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": category.seo_title or category.name,
        "url": url,
        "description": category.seo_description or category.description or category.name,
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(products),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": absolute_url(product.get_absolute_url()),
                    "name": product.name,
                }
                for position, product in enumerate(products, start=1)
            ],
        },
    }
    if image:
        data["image"] = image
    return data


def category_breadcrumb(category, *, home: str, shop: str) -> list[tuple[str, str]]:
    """Return the trail Home → Shop → parents → ``category`` as ``(name, absolute url)`` pairs."""
    trail = [(home, absolute_url(reverse("home"))), (shop, absolute_url(reverse("shop:catalogue")))]
    return trail + [(item.name, absolute_url(item.get_absolute_url())) for item in category.lineage]
