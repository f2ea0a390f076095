"""Posting a review from the product page, and staff hiding one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.verification import email_verified_required
from shop import selectors
from shop.forms import ReviewForm
from shop.models import Review
from shop.services import review_create, review_hide
from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier


def _reviews_url(product) -> str:
    return f"{product.get_absolute_url()}#reviews"


def _form_refused(request: HttpRequest, *, product, form: ReviewForm, status: int) -> HttpResponse:
    """Show the posted review again with its errors, so that nothing typed is lost."""
    return render(request, "shop/review_form.html", {"product": product, "form": form}, status=status)


@require_POST
@email_verified_required
@ratelimit_tier("moderate")
def review_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the signed-in customer's review, then go back to the product's reviews."""
    product = selectors.product_get_visible(slug=slug)
    if product is None:
        raise Http404
    form = ReviewForm(request.POST, auto_id="review_%s")
    if not form.is_valid():
        return _form_refused(request, product=product, form=form, status=400)
    try:
        review_create(product=product, user=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        for name, errors in (exc.extra.get("fields") or {}).items():
            form.add_error(name if name in form.fields else None, errors)
        if not exc.extra.get("fields"):
            form.add_error(None, exc.message)
        return _form_refused(request, product=product, form=form, status=exc.status_code)
    messages.success(request, _("Thank you! Your review is published."))
    return redirect(_reviews_url(product))


@require_POST
@login_required
@permission_required("shop.change_review", raise_exception=True)
@ratelimit_tier("moderate")
def review_hide_view(request: HttpRequest, review_id: int) -> HttpResponse:
    """Hide a review (staff): it leaves the page and the product's average."""
    review = get_object_or_404(Review.objects.select_related("product"), pk=review_id)
    review_hide(review=review)
    messages.success(request, _("The review is hidden."))
    return redirect(_reviews_url(review.product))
