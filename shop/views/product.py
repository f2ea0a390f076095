"""The product page: gallery, variant selector, structured data and related products."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from shop import selectors, seo
from shop.models import Product, ProductVariant
from shop.templatetags.shop_tags import money


@require_GET
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a product; ``?variant=<id>`` picks the version shown (price, stock) without JavaScript."""
    product = selectors.product_get_for_page(slug=slug)
    if product is None:
        return _redirect_from_old_slug(request, slug)
    variant = _variant_chosen(product, request.GET.get("variant"))
    images = list(product.images.all())
    url = seo.absolute_url(product.get_absolute_url())
    image_urls = [seo.absolute_url(image.image.url) for image in images]
    context = {
        "product": product,
        "variant": variant,
        "variants": list(product.variants.all()),
        "images": images,
        "main_image": images[0] if images else None,
        "related_products": selectors.product_list_related(product=product),
        "canonical_url": url,
        "og_image": image_urls[0] if image_urls else "",
        "variants_data": [_variant_data(option) for option in product.variants.all()],
        "product_json_ld": seo.json_ld(
            seo.product_schema(
                product=product, variant=variant, url=url, images=image_urls, variants=list(product.variants.all())
            )
        ),
        "breadcrumb_json_ld": seo.json_ld(seo.breadcrumb_schema(_breadcrumb(product, url))),
    }
    return render(request, "shop/product.html", context)


def _redirect_from_old_slug(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer 301 to the current address of a product that used to live at ``slug``, else 404."""
    product = selectors.product_get_by_old_slug(slug=slug)
    if product is None:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(product.get_absolute_url() + (f"?{query}" if query else ""))


def _variant_chosen(product: Product, wanted: str | None) -> ProductVariant | None:
    """Return the variant whose id is ``wanted``, else the default one (an unknown id is ignored)."""
    return next((option for option in product.variants.all() if str(option.pk) == wanted), product.default_variant)


def _variant_data(variant: ProductVariant) -> dict:
    """Return what product.js shows when a visitor picks ``variant``: texts already formatted."""
    return {
        "id": variant.pk,
        "sku": variant.sku,
        "price": money(variant.price),
        "compare_at_price": money(variant.compare_at_price) if variant.compare_at_price else "",
        "stock_status": variant.stock_status.value if variant.track_stock else "available",
        "stock_label": stock_label(variant),
    }


def stock_label(variant: ProductVariant) -> str:
    """Say how much of ``variant`` is left, in the words of shop/includes/stock.html."""
    status = variant.stock_status
    if status == ProductVariant.StockStatus.OUT:
        return _("Out of stock")
    if status == ProductVariant.StockStatus.LOW:
        return ngettext("Only %(counter)s left", "Only %(counter)s left", variant.stock) % {"counter": variant.stock}
    return _("In stock") if variant.track_stock else _("Available now")


def _breadcrumb(product: Product, url: str) -> list[tuple[str, str]]:
    """Return the trail Home → Shop → categories → product as ``(name, absolute url)`` pairs."""
    return [*seo.category_breadcrumb(product.category, home=_("Home"), shop=_("Shop")), (product.name, url)]
