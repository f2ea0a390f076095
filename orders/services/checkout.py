"""Order placement: turn a cart into an order waiting for payment, in one transaction that no race can corrupt.

The cart row is locked first, so two submissions of one cart run one after the
other and the second finds the order of the first by its checkout key. The
variants are then locked in primary-key order with one query (no deadlock
between two carts holding the same products in another order), their stock
checked and taken, the lines priced again from those locked rows, and the promo
code re-checked and counted under its own row lock (``promo_redeem``).
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.cart import variant_is_purchasable
from shop.models import Cart, Product, ProductVariant
from shop.pricing import PricedLine, Totals, priced_line, shipping_methods, totals_compute
from shop.services.cart import cart_clear
from shop.services.promotions import PromoOutcome, promo_redeem
from webox.common.errors import ApplicationError, Conflict, PermissionDenied

from .. import emails  # a module, not its function: orders.emails imports these services back
from ..errors import OrderErrorCode
from ..forms import AddressForm
from ..models import Order, OrderEvent, OrderLine
from ..signals import order_placed
from .status import order_signal_on_commit
from .stock import stock_take, variants_lock

NO_SHIPPING = Order.ShippingMethod.NONE


@dataclass(frozen=True)
class CheckoutDetails:
    """What the customer chose, checked: where to ship and bill, how, and the email to write to."""

    email: str
    shipping_address: dict
    billing_address: dict
    shipping_method: str


def checkout_key_make(*, cart: Cart, user=None, key: str | None = None) -> str:
    """Return the idempotency key an order keeps: the client's ``key`` scoped to its owner, else one from the cart.

    Without a client key the cart's id, last change and lines stand for the
    submission, so two submissions of the same cart racing each other give one
    order (once the cart is emptied, a late resubmission finds it empty).
    """
    owner = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else f"cart:{cart.pk}"
    if not key:
        lines = list(cart.lines.order_by("pk").values_list("pk", "variant_id", "quantity"))
        key = f"auto|{cart.updated_at.isoformat()}|{lines}"
    return hashlib.sha256(f"{owner}|{key}".encode()).hexdigest()


def order_place(
    *,
    cart: Cart,
    email: str,
    shipping_address: dict | None,
    billing_address: dict | None,
    shipping_method: str,
    user=None,
    checkout_key: str | None = None,
    language: str = "fr",
    expected_total: Decimal | None = None,
) -> Order:
    """Place the order of ``cart`` and return it (status ``pending_payment``); the same key returns the same order.

    ``expected_total`` is the total the customer saw: when given and the
    order would cost something else, nothing is written (``price_changed``).
    """
    user = user if getattr(user, "is_authenticated", False) else None
    choices = {"email": email, "shipping": shipping_address, "billing": billing_address, "method": shipping_method}
    try:
        with transaction.atomic():
            return _order_place(cart, user, choices, checkout_key, language, expected_total)
    except IntegrityError:
        existing = Order.objects.filter(checkout_key=checkout_key).first() if checkout_key else None
        if existing is None:
            raise
        return existing


def _order_place(cart, user, choices, checkout_key, language, expected_total) -> Order:
    cart = Cart.objects.select_for_update().get(pk=cart.pk)
    existing = Order.objects.filter(checkout_key=checkout_key).first() if checkout_key else None
    if existing is not None:
        return existing
    quantities = dict(cart.lines.order_by("created_at", "pk").values_list("variant_id", "quantity"))
    if not quantities:
        raise ApplicationError(_("Your cart is empty."), code=OrderErrorCode.EMPTY_CART)
    variants = variants_lock(quantities)
    lines = _priced_lines(quantities, variants)
    details = checkout_details_check(lines=lines, user=user, **choices)
    _stock_check(lines, variants)
    order = _order_create(cart, user, details, checkout_key, language)
    outcome = _promo_redeem(cart, order, lines, user, details.email)
    totals = _totals(lines, outcome, details.shipping_method)
    if expected_total is not None and Decimal(expected_total) != totals.total:
        raise Conflict(
            _("Prices or your cart changed since the page was shown: check the new total and confirm again."),
            code=OrderErrorCode.PRICE_CHANGED,
            extra={"total": str(totals.total)},
        )
    _order_complete(order, totals, outcome, variants)
    stock_take({line.variant_id: line.quantity for line in lines if variants[line.variant_id].track_stock})
    cart_clear(cart=cart)
    emails.order_email_queue(order=order, kind="received")
    order_signal_on_commit(order_placed, order_id=order.pk)
    return order


def _priced_lines(quantities: Mapping[int, int], variants: Mapping[int, ProductVariant]) -> list[PricedLine]:
    """Price each cart line from its locked variant; refuse the cart when a product is no longer sold."""
    gone = {}
    for variant_id in quantities:
        variant = variants.get(variant_id)
        if variant is None or not variant_is_purchasable(variant):
            sku = variant.sku if variant else str(variant_id)
            gone[sku] = [_("This product is no longer available: remove it from your cart.")]
    if gone:
        raise Conflict(
            _("Some products of your cart are no longer available."),
            code=OrderErrorCode.PRODUCT_UNAVAILABLE,
            extra={"fields": {"lines": gone}},
        )
    return [priced_line(variants[variant_id], quantity) for variant_id, quantity in quantities.items()]


def _stock_check(lines: Sequence[PricedLine], variants: Mapping[int, ProductVariant]) -> None:
    """Refuse the order when a tracked variant has fewer units than the cart asks for, naming each one."""
    short, details = {}, []
    for line in lines:
        variant = variants[line.variant_id]
        if variant.track_stock and variant.stock < line.quantity:
            name = f"{line.product_name} ({line.variant_label})" if line.variant_label else line.product_name
            short[line.sku] = [_("Only %(available)d left of %(name)s.") % {"available": variant.stock, "name": name}]
            details.append({"sku": line.sku, "requested": line.quantity, "available": variant.stock})
    if short:
        message = " ".join(messages[0] for messages in short.values())
        raise Conflict(
            _("Not enough stock: %(details)s") % {"details": message},
            code=OrderErrorCode.OUT_OF_STOCK,
            extra={"lines": details, "fields": {"lines": short}},
        )


def checkout_details_check(
    *, lines: Sequence[PricedLine], user, email: str, shipping, billing, method: str
) -> CheckoutDetails:
    """Check who may buy these lines and where they go; raise the first refusal with its code."""
    if user is None and any(line.product_kind == Product.Kind.CREDIT_PACK for line in lines):
        raise PermissionDenied(
            _("Sign in to buy an AI credit pack: the credits go to your account."),
            code=OrderErrorCode.SIGN_IN_REQUIRED,
        )
    email = _email_check(email or (user.email if user else ""))
    needs_shipping = any(line.needs_shipping for line in lines)
    method = _method_check(method, needs_shipping)
    delivery, invoicing = addresses_check(shipping=shipping, billing=billing, needs_shipping=needs_shipping)
    return CheckoutDetails(email, delivery, invoicing, method)


def _email_check(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        message = _("Enter a valid email address.")
        raise ApplicationError(
            message, code=OrderErrorCode.INVALID_EMAIL, extra={"fields": {"email": [message]}}
        ) from None
    return email


def _method_check(method: str, needs_shipping: bool) -> str:
    """Return the delivery method: one of the configured ones for physical goods, ``none`` otherwise."""
    method = (method or "").strip()
    offered = set(shipping_methods()) if needs_shipping else {NO_SHIPPING, ""}
    if method not in offered:
        message = _("Choose one of the delivery methods offered.")
        raise ApplicationError(
            message, code=OrderErrorCode.INVALID_SHIPPING_METHOD, extra={"fields": {"shipping_method": [message]}}
        )
    return method if needs_shipping else NO_SHIPPING


def addresses_check(*, shipping, billing, needs_shipping: bool) -> tuple[dict, dict]:
    """Validate the addresses with ``AddressForm``; return their snapshots (billing defaults to shipping).

    Physical goods need a delivery address; digital goods need none, and a
    billing address only when one is given.
    """
    errors, snapshots = {}, {}
    wanted = {"shipping_address": shipping if needs_shipping else None, "billing_address": billing}
    for name, data in wanted.items():
        if data is None and not (name == "shipping_address" and needs_shipping):
            snapshots[name] = {}
            continue
        form = AddressForm(data=data if isinstance(data, Mapping) else {})
        if form.is_valid():
            snapshots[name] = form.snapshot()
        else:
            errors[name] = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    if errors:
        raise ApplicationError(_("Check the address."), code=OrderErrorCode.INVALID_ADDRESS, extra={"fields": errors})
    return snapshots["shipping_address"], snapshots["billing_address"] or snapshots["shipping_address"]


def _order_create(cart: Cart, user, details: CheckoutDetails, checkout_key: str | None, language: str) -> Order:
    """Insert the order (amounts filled in later, number taken from its id) and record that it was placed."""
    order = Order.objects.create(
        user=user,
        email=details.email,
        language=language or settings.LANGUAGE_CODE,
        shipping_address=details.shipping_address,
        billing_address=details.billing_address,
        shipping_method=details.shipping_method,
        subtotal=Decimal("0"),
        total=Decimal("0"),
        checkout_key=checkout_key or None,
    )
    year = timezone.localtime(order.created_at).year
    order.number = f"{settings.ORDERS_NUMBER_PREFIX}-{year}-{order.pk:06d}"
    OrderEvent.objects.create(order=order, from_status="", to_status=order.status, actor=user)
    return order


def _promo_redeem(cart: Cart, order: Order, lines, user, email: str) -> PromoOutcome | None:
    """Check the cart's code again under its row lock and count its use, or refuse the order (``promo_invalid``)."""
    if cart.promo_code_id is None:
        return None
    try:
        return promo_redeem(promo_id=cart.promo_code_id, order_number=order.number, lines=lines, user=user, email=email)
    except ApplicationError as exc:
        raise ApplicationError(
            _("Your promo code can no longer be used: %(reason)s Remove it to order without it.")
            % {"reason": exc.message},
            code=OrderErrorCode.PROMO_INVALID,
            extra={"reason": exc.code, "fields": {"promo_code": [exc.message]}},
        ) from exc


def _totals(lines: Sequence[PricedLine], outcome: PromoOutcome | None, method: str) -> Totals:
    if outcome is None:
        return totals_compute(lines=lines, shipping_method=method)
    return totals_compute(
        lines=lines,
        discount=outcome.discount,
        eligible=outcome.eligible,
        free_shipping=outcome.free_shipping,
        shipping_method=method,
    )


def _order_complete(order: Order, totals: Totals, outcome: PromoOutcome | None, variants) -> None:
    """Write the order's number, amounts and code, and the snapshot of each line."""
    order.subtotal, order.discount_total = totals.subtotal, totals.discount
    order.shipping_total, order.total, order.vat_total = totals.shipping, totals.total, totals.vat_total
    if outcome is not None:
        order.promo_code, order.promo_code_text = outcome.promo, outcome.promo.code
    order.save(
        update_fields=[
            "number", "subtotal", "discount_total", "shipping_total", "total", "vat_total",
            "promo_code", "promo_code_text", "updated_at",
        ]
    )  # fmt: skip
    OrderLine.objects.bulk_create([_line_snapshot(order, line, variants[line.variant_id]) for line in totals.lines])


def _line_snapshot(order: Order, line: PricedLine, variant: ProductVariant) -> OrderLine:
    return OrderLine(
        order=order,
        variant_id=line.variant_id,
        product_id=line.product_id,
        product_name=line.product_name,
        variant_label=line.variant_label,
        sku=line.sku,
        product_kind=line.product_kind,
        unit_price=line.unit_price,
        vat_rate=line.vat_rate,
        quantity=line.quantity,
        line_total=line.line_total,
        discount=line.discount,
        credits=line.credits,
        stock_reserved=variant.track_stock,
    )
