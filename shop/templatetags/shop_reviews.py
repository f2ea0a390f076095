"""Template tags of the reviews and wishlist partials: their data in a constant number of queries.

``{% review_summary product as reviews %}`` reads the page's reviews in one query;
``{% wishlist_has product as saved %}`` reads the visitor's wishlist once per
request, however many product cards ask.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from shop.forms import ReviewForm
from shop.purchases import customer_has_bought
from shop.selectors import review_summary_for_page, wishlist_product_ids

register = template.Library()

STAR_FULL, STAR_EMPTY = "★", "☆"
_WISHLIST_CACHE = "_shop_wishlist_product_ids"
_WISHLIST_LOGIN_URL = "_shop_wishlist_login_url"


@register.filter
def stars(rating) -> str:
    """Draw a rating as five stars, rounded to the nearest whole star: ``4.4`` → ``★★★★☆``."""
    try:
        full = min(5, max(0, round(float(rating or 0))))
    except (TypeError, ValueError):
        full = 0
    return STAR_FULL * full + STAR_EMPTY * (5 - full)


def _review_permission(*, product, user, own_review) -> str:
    """Say why the viewer may not review (``login``, ``reviewed``, ``not_a_buyer``), or ``""`` when they may."""
    if not user.is_authenticated:
        return "login"
    if own_review is not None:
        return "reviewed"
    if not customer_has_bought(user=user, product=product):
        return "not_a_buyer"
    return ""


@register.simple_tag(takes_context=True)
def review_summary(context, product) -> dict:
    """Return the reviews block of ``product``: reviews, distribution, the viewer's own review and form."""
    user = context["request"].user
    summary = review_summary_for_page(product=product, user=user)
    refusal = _review_permission(product=product, user=user, own_review=summary.own_review)
    return {
        "reviews": summary.reviews,
        "distribution": summary.distribution,
        "own_review": summary.own_review,
        "refusal": refusal,
        "form": None if refusal else ReviewForm(auto_id="review_%s"),
    }


@register.simple_tag(takes_context=True)
def wishlist_has(context, product) -> bool:
    """Say whether ``product`` is in the visitor's wishlist (one query per request, for every card)."""
    request = context.get("request")
    if request is None:
        return False
    ids = getattr(request, _WISHLIST_CACHE, None)
    if ids is None:
        ids = wishlist_product_ids(user=request.user)
        setattr(request, _WISHLIST_CACHE, ids)
    return product.pk in ids


@register.simple_tag(takes_context=True)
def wishlist_login_url(context) -> str:
    """Return the sign-in link that comes back to this page, built once per request for every card."""
    request = context["request"]
    url = getattr(request, _WISHLIST_LOGIN_URL, None)
    if url is None:
        url = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        setattr(request, _WISHLIST_LOGIN_URL, url)
    return url


def wishlist_cache_clear(request) -> None:
    """Forget the wishlist read for this request (after the visitor changed it)."""
    if hasattr(request, _WISHLIST_CACHE):
        delattr(request, _WISHLIST_CACHE)
