"""The wishlist page, and the add/remove button of product pages and cards."""

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shop import selectors
from shop.services import wishlist_add, wishlist_remove
from shop.templatetags.shop_reviews import wishlist_cache_clear
from webox.common.errors import NotFound
from webox.common.ratelimits import ratelimit_tier

WISHLIST_PAGE_SIZE = 24


@require_GET
@login_required
def wishlist_view(request: HttpRequest) -> HttpResponse:
    """List the signed-in customer's saved products, each with a button to remove it."""
    items = selectors.wishlist_list(user=request.user)
    page = Paginator(items, WISHLIST_PAGE_SIZE).get_page(request.GET.get("page"))
    products = [item.product for item in page.object_list]
    return render(request, "shop/wishlist.html", {"products": products, "page_obj": page})


def _next_url(request: HttpRequest, product) -> str:
    """Return where to go back: the posted ``next`` when it is a local address, else the product page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return product.get_absolute_url()


@require_POST
@login_required
@ratelimit_tier("moderate")
def wishlist_toggle_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Add (``action=add``) or remove (``action=remove``) a product; htmx gets the new button back."""
    product = selectors.product_get_visible(slug=slug)
    if product is None:
        raise Http404
    adding = request.POST.get("action") != "remove"
    if adding:
        wishlist_add(user=request.user, product=product)
    else:
        with suppress(NotFound):  # already out of the list: the button shows the state as it is
            wishlist_remove(user=request.user, product=product)
    wishlist_cache_clear(request)
    if request.headers.get("HX-Request") == "true":
        context = {"product": product, "wishlist_next": _next_url(request, product)}
        return render(request, "shop/includes/wishlist_button.html", context)
    if adding:
        messages.success(request, _("%(name)s is saved in your wishlist.") % {"name": product.name})
    else:
        messages.success(request, _("%(name)s is no longer in your wishlist.") % {"name": product.name})
    return redirect(_next_url(request, product))
