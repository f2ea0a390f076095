"""The product page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shop import selectors


@require_GET
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a product with its images, variants, stock and description."""
    product = selectors.product_get_for_page(slug=slug)
    if product is None:
        raise Http404
    return render(request, "shop/product.html", {"product": product, "variant": product.default_variant})
