"""Promo codes: find a code, say whether it applies to a cart (and why not), record its use.

``promo_evaluate`` is called when a code is applied to a cart, each time the
cart is shown, and again by order placement inside ``promo_redeem``, which
locks the code's row, re-checks every rule and records the use in the same
transaction: a code limited to one use gives one discount however many
checkouts race for it.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shop.categories import CategoryTree
from shop.errors import ShopErrorCode
from shop.models import PromoCode, PromoRedemption
from shop.pricing import ZERO, PricedLine
from shop.purchases import customer_has_ordered
from webox.common.errors import ApplicationError, Conflict, NotFound
from webox.common.money import quantize

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed


@dataclass(frozen=True)
class PromoOutcome:
    """What a valid code does to a cart: a discount on the eligible lines, or free shipping."""

    promo: PromoCode
    discount: Decimal
    eligible: tuple[bool, ...]
    free_shipping: bool


def promo_get(*, code: str) -> PromoCode:
    """Return the active promo code typed as ``code`` (any case, spaces trimmed)."""
    normalised = (code or "").strip().upper()
    promo = PromoCode.objects.filter(code=normalised, is_active=True).first() if normalised else None
    if promo is None:
        raise NotFound(_("This promo code does not exist."), code=ShopErrorCode.PROMO_NOT_FOUND)
    return promo


def _eligible_lines(promo: PromoCode, lines: Sequence[PricedLine]) -> tuple[bool, ...]:
    """Say which lines the code applies to: all, or those of its products and categories (sub-categories included)."""
    product_ids = set(promo.products.values_list("pk", flat=True))
    category_ids = set(promo.categories.values_list("pk", flat=True))
    if not product_ids and not category_ids:
        return tuple(True for _line in lines)
    if category_ids:
        tree = CategoryTree.load()
        for category_id in list(category_ids):
            if category_id in tree.by_id:
                category_ids.update(tree.descendant_ids(tree.by_id[category_id]))
    return tuple(line.product_id in product_ids or line.category_id in category_ids for line in lines)


def _check_dates(promo: PromoCode, now) -> None:
    if promo.valid_from and now < promo.valid_from:
        raise ApplicationError(
            _("This promo code is valid from %(date)s.")
            % {"date": date_format(timezone.localtime(promo.valid_from), "DATETIME_FORMAT")},
            code=ShopErrorCode.PROMO_NOT_YET_VALID,
        )
    if promo.valid_until and now >= promo.valid_until:
        raise ApplicationError(_("This promo code has expired."), code=ShopErrorCode.PROMO_EXPIRED)


def _check_customer(promo: PromoCode, *, user, email: str) -> None:
    signed_in = getattr(user, "is_authenticated", False)
    if (promo.per_customer_limit or promo.first_order_only) and not signed_in and not email:
        raise ApplicationError(
            _("Sign in or give your email at checkout to use this promo code."),
            code=ShopErrorCode.PROMO_SIGN_IN_REQUIRED,
        )
    if promo.per_customer_limit:
        who = Q(email__iexact=email) if email else Q()
        if signed_in:
            who = who | Q(user=user) if email else Q(user=user)
        if PromoRedemption.objects.filter(who, promo_code=promo).count() >= promo.per_customer_limit:
            raise ApplicationError(_("You have already used this promo code."), code=ShopErrorCode.PROMO_ALREADY_USED)
    if promo.first_order_only and customer_has_ordered(user=user, email=email):
        raise ApplicationError(
            _("This promo code is for a first order only."), code=ShopErrorCode.PROMO_FIRST_ORDER_ONLY
        )


def promo_evaluate(
    *, promo: PromoCode, lines: Sequence[PricedLine], user=None, email: str = "", now=None
) -> PromoOutcome:
    """Check every rule of ``promo`` for these cart lines and this customer; return its effect or raise why not."""
    now = now or timezone.now()
    if not promo.is_active:
        raise NotFound(_("This promo code does not exist."), code=ShopErrorCode.PROMO_NOT_FOUND)
    _check_dates(promo, now)
    if promo.usage_limit is not None and promo.times_used >= promo.usage_limit:
        raise Conflict(
            _("This promo code has been used as many times as allowed."), code=ShopErrorCode.PROMO_LIMIT_REACHED
        )
    _check_customer(promo, user=user, email=(email or "").strip().lower())
    subtotal = sum((line.line_total for line in lines), ZERO)
    if subtotal < promo.min_order_total:
        raise ApplicationError(
            _("This promo code needs an order of at least %(amount)s €.") % {"amount": promo.min_order_total},
            code=ShopErrorCode.PROMO_MINIMUM_NOT_MET,
        )
    eligible = _eligible_lines(promo, lines)
    if not any(eligible):
        raise ApplicationError(
            _("This promo code does not apply to the products in your cart."), code=ShopErrorCode.PROMO_NOT_APPLICABLE
        )
    base = sum((line.line_total for line, ok in zip(lines, eligible, strict=True) if ok), ZERO)
    if promo.kind == PromoCode.Kind.PERCENTAGE:
        discount = quantize(base * promo.value / 100)
    elif promo.kind == PromoCode.Kind.FIXED:
        discount = min(quantize(promo.value), base)
    else:
        discount = ZERO
    return PromoOutcome(promo, discount, eligible, promo.kind == PromoCode.Kind.FREE_SHIPPING)


def promo_redeem(
    *,
    promo_id: int,
    order_number: str,
    lines: Sequence[PricedLine],
    user=None,
    email: str,
    discount: Decimal | None = None,
) -> PromoOutcome:
    """Lock the code, check it again for this order and record its use; call inside the order's transaction.

    ``discount`` is the amount the order will carry (computed from the same
    lines); it is what the redemption records.
    """
    with transaction.atomic():
        promo = PromoCode.objects.select_for_update().get(pk=promo_id)
        outcome = promo_evaluate(promo=promo, lines=lines, user=user, email=email)
        PromoCode.objects.filter(pk=promo.pk).update(times_used=F("times_used") + 1)
        promo.times_used += 1
        PromoRedemption.objects.create(
            promo_code=promo,
            order_number=order_number,
            user=user if getattr(user, "is_authenticated", False) else None,
            email=(email or "").strip().lower(),
            amount=outcome.discount if discount is None else discount,
        )
    return outcome


def promo_release(*, order_number: str) -> bool:
    """Give back the use an order made of its code (the order was cancelled before payment). Return whether one was."""
    with transaction.atomic():
        redemption = (
            PromoRedemption.objects.select_for_update().filter(order_number=order_number).select_related(None).first()
        )
        if redemption is None:
            return False
        PromoCode.objects.select_for_update().filter(pk=redemption.promo_code_id).update(times_used=F("times_used") - 1)
        redemption.delete()
    return True


def promo_codes_generate(*, count: int, prefix: str = "", length: int = 10, batch: str, **fields) -> list[PromoCode]:
    """Create ``count`` single-use codes sharing the rules in ``fields``, labelled ``batch``; return them."""
    if not 1 <= count <= 10000:
        raise ApplicationError(_("Generate between 1 and 10,000 codes at a time."), code="invalid_count")
    fields = {**fields, "usage_limit": 1, "per_customer_limit": 1}
    created: list[PromoCode] = []
    prefix = (prefix or "").strip().upper()
    while len(created) < count:
        code = prefix + "".join(secrets.choice(CODE_ALPHABET) for _index in range(length))
        try:
            with transaction.atomic():
                created.append(PromoCode.objects.create(code=code, batch=batch, **fields))
        except IntegrityError:
            continue  # the rare clash with an existing code: draw again
    return created


def promo_codes_set_active(*, codes: QuerySet[PromoCode], active: bool) -> int:
    """Switch the given codes on or off (a code switched off is refused as unknown); return how many rows changed."""
    return PromoCode.objects.filter(pk__in=codes.values("pk")).update(is_active=active)
