"""Reading a cart: its lines priced from today's catalogue, the promo code's effect, shipping and VAT.

Nothing here writes. The cart page, the mini-cart, the cart API and checkout's
review read the same ``CartSummary``, in a constant number of queries whatever
the number of lines.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum

from webox.common.errors import ApplicationError
from webox.common.money import quantize

from .models import Cart, CartLine, ProductImage, ProductVariant
from .pricing import ZERO, PricedLine, ShippingOption, Totals, priced_line, shipping_options, totals_compute
from .services.promotions import PromoOutcome, promo_evaluate

MAX_LINE_QUANTITY = 999  # per line: a typing slip, not a wholesale order
CURRENCY = "EUR"


@dataclass(frozen=True)
class PromoError:
    """Why the code stored on a cart gives nothing now (expired, minimum no longer met...)."""

    code: str
    message: str


@dataclass(frozen=True)
class CartItem:
    """A cart line with its variant, product and picture, priced (``priced.discount``: its share of the promo)."""

    line: CartLine
    priced: PricedLine
    image: ProductImage | None
    purchasable: bool

    @property
    def id(self) -> int:
        return self.line.pk

    @property
    def variant(self) -> ProductVariant:
        return self.line.variant

    @property
    def product(self):
        return self.line.variant.product

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def unit_price(self) -> Decimal:
        return self.priced.unit_price

    @property
    def line_total(self) -> Decimal:
        return self.priced.line_total

    @property
    def discount(self) -> Decimal:
        return self.priced.discount

    @property
    def total(self) -> Decimal:
        """Return what the line costs after its share of the discount."""
        return self.priced.line_total - self.priced.discount

    @property
    def max_quantity(self) -> int:
        """Return the most a customer may ask for: the stock when it is tracked, capped per line."""
        variant = self.variant
        return min(variant.stock, MAX_LINE_QUANTITY) if variant.track_stock else MAX_LINE_QUANTITY

    @property
    def available(self) -> bool:
        """Say whether this line can be ordered as it is: product on sale and enough stock."""
        variant = self.variant
        return self.purchasable and (not variant.track_stock or variant.stock >= self.quantity)


@dataclass(frozen=True)
class CartSummary:
    """Everything shown of a cart: its items, totals, the promo code and the delivery choices."""

    cart: Cart | None
    items: tuple[CartItem, ...]
    totals: Totals
    promo_code: str = ""
    promo_error: PromoError | None = None
    shipping_options: tuple[ShippingOption, ...] = ()
    currency: str = CURRENCY

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def item_count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def all_available(self) -> bool:
        return all(item.available for item in self.items)

    @property
    def shipping_option(self) -> ShippingOption | None:
        """Return the delivery option the totals use (the cheapest unless one was chosen)."""
        return next((o for o in self.shipping_options if o.method == self.totals.shipping_method), None)

    @property
    def free_shipping_gap(self) -> Decimal | None:
        """Return how much more in goods would make delivery free, or None when it is free or cannot be."""
        if not self.totals.needs_shipping or self.totals.shipping == 0:
            return None
        thresholds = [option.free_above for option in self.shipping_options if option.free_above is not None]
        if not thresholds:
            return None
        return quantize(min(thresholds) - (self.totals.subtotal - self.totals.discount))


def variant_is_purchasable(variant: ProductVariant) -> bool:
    """Say whether ``variant`` (with its product and category loaded) is on sale."""
    product = variant.product
    return product.is_active and product.category.is_active


def cart_lines_load(cart: Cart | None) -> list[CartLine]:
    """Return the cart's lines with variant, product, category and pictures: two queries."""
    if cart is None or cart.pk is None:
        return []
    images = Prefetch("variant__product__images", queryset=ProductImage.objects.order_by("position", "pk"))
    return list(
        CartLine.objects.filter(cart=cart)
        .select_related("variant__product__category")
        .prefetch_related(images)
        .order_by("created_at", "pk")
    )


def cart_priced_lines(cart: Cart | None, lines: list[CartLine] | None = None) -> list[PricedLine]:
    """Price the purchasable lines of ``cart`` from their variants (a client's price is never read)."""
    lines = cart_lines_load(cart) if lines is None else lines
    return [priced_line(line.variant, line.quantity) for line in lines if variant_is_purchasable(line.variant)]


def _promo_outcome(cart: Cart | None, lines: list[PricedLine], user, email: str):
    """Return (outcome, error) of the cart's stored code for these lines: one of them, or neither."""
    if cart is None or cart.promo_code_id is None or not lines:
        return None, None
    if user is None and cart.user_id is not None:
        user = cart.user
    try:
        return promo_evaluate(promo=cart.promo_code, lines=lines, user=user, email=email), None
    except ApplicationError as error:
        return None, PromoError(code=error.code, message=error.message)


def cart_summary(*, cart: Cart | None, user=None, email: str = "", shipping_method: str | None = None) -> CartSummary:
    """Price ``cart`` (None: an empty one) for this customer and delivery method, the promo code checked again."""
    lines = cart_lines_load(cart)
    counted = [line for line in lines if variant_is_purchasable(line.variant)]
    priced = cart_priced_lines(cart, counted)
    outcome, promo_error = _promo_outcome(cart, priced, user, email)
    totals = _totals(priced, outcome, shipping_method)
    discounted = {line.pk: share for line, share in zip(counted, totals.lines, strict=True)}
    items = tuple(
        CartItem(
            line=line,
            priced=discounted.get(line.pk) or priced_line(line.variant, line.quantity),
            image=line.variant.product.main_image,
            purchasable=line.pk in discounted,
        )
        for line in lines
    )
    options = shipping_options(
        needs_shipping=totals.needs_shipping,
        merchandise=totals.subtotal - totals.discount,
        free_shipping=totals.free_shipping,
    )
    code = cart.promo_code.code if cart is not None and cart.promo_code_id else ""
    return CartSummary(cart, items, totals, code, promo_error, tuple(options))


def _totals(priced: list[PricedLine], outcome: PromoOutcome | None, shipping_method: str | None) -> Totals:
    if outcome is None:
        return totals_compute(lines=priced, shipping_method=shipping_method)
    return totals_compute(
        lines=priced,
        discount=outcome.discount,
        eligible=outcome.eligible,
        free_shipping=outcome.free_shipping,
        shipping_method=shipping_method,
    )


def cart_count(cart: Cart | None) -> int:
    """Return the number of items in ``cart`` (quantities added up): one query."""
    if cart is None or cart.pk is None:
        return 0
    return CartLine.objects.filter(cart=cart).aggregate(total=Sum("quantity"))["total"] or 0


def cart_count_for(*, user=None, token: str | None = None) -> int:
    """Return the number of items in the cart of a signed-in ``user`` or of a session ``token``: one query at most."""
    if user is not None and user.is_authenticated:
        lines = CartLine.objects.filter(cart__user=user)
    elif token:
        lines = CartLine.objects.filter(cart__token=token, cart__user__isnull=True)
    else:
        return 0
    return lines.aggregate(total=Sum("quantity"))["total"] or 0


__all__ = [
    "CURRENCY",
    "MAX_LINE_QUANTITY",
    "ZERO",
    "CartItem",
    "CartSummary",
    "PromoError",
    "cart_count",
    "cart_count_for",
    "cart_lines_load",
    "cart_priced_lines",
    "cart_summary",
    "variant_is_purchasable",
]
