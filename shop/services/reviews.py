"""Reviews: written by customers who bought the product, hidden by staff, averaged on the product.

``Product.rating_avg`` and ``rating_count`` are recomputed by the database from
the visible reviews after every change, in the same transaction, with the
product row locked: two reviews posted at once wait for each other instead of
each writing an average that misses the other.
"""

import html
import re

import nh3
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Round
from django.utils.translation import gettext as _

from accounts.errors import AccountsErrorCode
from accounts.verification import user_email_verified
from shop.errors import ShopErrorCode
from shop.models import Product, Review
from shop.purchases import customer_has_bought
from webox.common.errors import ApplicationError, Conflict, PermissionDenied

TITLE_MAX_LENGTH = Review._meta.get_field("title").max_length
BODY_MAX_LENGTH = Review._meta.get_field("body").max_length
BODY_MIN_LENGTH = 10
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_STRIP_ALL_TAGS = nh3.Cleaner(tags=set(), attributes={})


def review_text_clean(text: str, *, single_line: bool = False) -> str:
    """Return ``text`` as plain text: markup removed (scripts with their content), whitespace tidied.

    The result is stored as is and always rendered escaped; it never carries HTML.
    """
    text = _STRIP_ALL_TAGS.clean(str(text or ""))
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    if single_line:
        return " ".join(text.split())
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _review_fields_validate(*, rating, title: str, body: str) -> dict[str, list[str]]:
    """Return the field errors of a review (empty when it is acceptable)."""
    errors: dict[str, list[str]] = {}
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = [_("Choose a rating from 1 to 5 stars.")]
    if not title:
        errors["title"] = [_("Give your review a title.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Keep the title to %(max)d characters at most.") % {"max": TITLE_MAX_LENGTH}]
    if len(body) < BODY_MIN_LENGTH:
        errors["body"] = [_("Write at least %(min)d characters.") % {"min": BODY_MIN_LENGTH}]
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = [_("Keep your review to %(max)d characters at most.") % {"max": BODY_MAX_LENGTH}]
    return errors


def _product_lock(product_id: int) -> Product:
    """Lock the product row until the end of the transaction (PostgreSQL; SQLite writes one at a time)."""
    return Product.objects.select_for_update().only("pk").get(pk=product_id)


def product_rating_refresh(*, product_id: int) -> None:
    """Recompute the product's average rating and count from its visible reviews, in one UPDATE."""
    visible = Review.objects.filter(product_id=OuterRef("pk"), is_hidden=False).order_by().values("product_id")
    average = visible.annotate(value=Round(Avg("rating"), 2)).values("value")
    count = visible.annotate(value=Count("pk")).values("value")
    rating_field = Product._meta.get_field("rating_avg")
    Product.objects.filter(pk=product_id).update(
        rating_avg=Coalesce(Subquery(average, output_field=rating_field), Value(0), output_field=rating_field),
        rating_count=Coalesce(Subquery(count), Value(0)),
    )


def review_create(*, product: Product, user, rating: int, title: str, body: str) -> Review:
    """Publish ``user``'s review of ``product``: a verified buyer's first and only one.

    Raise ``PermissionDenied`` (email not verified, ``not_a_buyer``), ``Conflict``
    (``already_reviewed``) or ``ApplicationError`` with field errors.
    """
    if not user_email_verified(user):
        raise PermissionDenied(_("Verify your email address first."), code=AccountsErrorCode.EMAIL_NOT_VERIFIED)
    if not customer_has_bought(user=user, product=product):
        message = _("Only customers who bought this product can review it.")
        raise PermissionDenied(message, code=ShopErrorCode.NOT_A_BUYER)
    title, body = review_text_clean(title, single_line=True), review_text_clean(body)
    errors = _review_fields_validate(rating=rating, title=title, body=body)
    if errors:
        message = _("Please correct the errors in your review.")
        raise ApplicationError(message, code=ShopErrorCode.INVALID_REVIEW, extra={"fields": errors})
    already = Conflict(_("You have already reviewed this product."), code=ShopErrorCode.ALREADY_REVIEWED)
    with transaction.atomic():
        _product_lock(product.pk)
        if Review.objects.filter(product_id=product.pk, user_id=user.pk).exists():
            raise already
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    product=product, user=user, rating=rating, title=title, body=body, is_verified_purchase=True
                )
        except IntegrityError:  # the same customer, twice at once: the unique constraint decides
            raise already from None
        product_rating_refresh(product_id=product.pk)
    return review


def _review_set_hidden(*, review: Review, hidden: bool) -> Review:
    with transaction.atomic():
        _product_lock(review.product_id)
        Review.objects.filter(pk=review.pk).update(is_hidden=hidden)
        product_rating_refresh(product_id=review.product_id)
    review.is_hidden = hidden
    return review


def review_hide(*, review: Review) -> Review:
    """Hide a review (staff moderation): it leaves the page, the API and the product's average."""
    return _review_set_hidden(review=review, hidden=True)


def review_unhide(*, review: Review) -> Review:
    """Show a hidden review again and count it in the product's average."""
    return _review_set_hidden(review=review, hidden=False)


def review_delete(*, review: Review) -> None:
    """Delete a review and recompute its product's average."""
    with transaction.atomic():
        _product_lock(review.product_id)
        Review.objects.filter(pk=review.pk).delete()
        product_rating_refresh(product_id=review.product_id)
