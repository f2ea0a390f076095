"""Cart arithmetic: line prices, promo discount, shipping and the VAT breakdown.

Pure functions over plain values, so the cart page, the cart API and order
placement (which calls them again on rows it has locked) compute exactly the
same amounts. Every amount is a ``Decimal`` in euros, VAT included, rounded to
the cent; nothing here reads a price sent by a client.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from webox.common.money import CENT, DEFAULT_VAT_RATE, quantize, vat_included

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PricedLine:
    """A cart line priced from its variant: ``line_total`` before discount, ``discount`` its share of the promo."""

    variant_id: int
    product_id: int
    category_id: int
    product_kind: str
    product_name: str
    variant_label: str
    sku: str
    unit_price: Decimal
    vat_rate: Decimal
    quantity: int
    credits: int = 0
    discount: Decimal = ZERO

    @property
    def line_total(self) -> Decimal:
        return quantize(self.unit_price * self.quantity)

    @property
    def needs_shipping(self) -> bool:
        return self.product_kind == "physical"


@dataclass(frozen=True)
class ShippingOption:
    """A way to deliver the order and its price for this cart."""

    method: str
    label: str
    price: Decimal
    free_above: Decimal | None


@dataclass(frozen=True)
class VatLine:
    """The part of the total taxed at one rate: ``gross`` VAT included, ``net`` excluded, ``vat`` the tax."""

    rate: Decimal
    gross: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    """Everything a cart or an order shows: lines, subtotal, discount, shipping, VAT and total."""

    lines: tuple[PricedLine, ...]
    subtotal: Decimal
    discount: Decimal
    shipping_method: str
    shipping: Decimal
    total: Decimal
    vat_lines: tuple[VatLine, ...] = field(default=())
    free_shipping: bool = False

    @property
    def vat_total(self) -> Decimal:
        return sum((line.vat for line in self.vat_lines), ZERO)

    @property
    def needs_shipping(self) -> bool:
        return any(line.needs_shipping for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def priced_line(variant, quantity: int) -> PricedLine:
    """Price ``quantity`` units of ``variant`` (with its ``product`` loaded) at today's catalogue price."""
    product = variant.product
    return PricedLine(
        variant_id=variant.pk,
        product_id=product.pk,
        category_id=product.category_id,
        product_kind=product.kind,
        product_name=product.name,
        variant_label=variant.options_label,
        sku=variant.sku,
        unit_price=quantize(variant.price),
        vat_rate=Decimal(product.vat_rate),
        quantity=quantity,
        credits=product.credits or 0,
    )


def shipping_methods() -> dict[str, dict]:
    """Return ``settings.SHOP_SHIPPING_METHODS``: ``{method: {"label", "price", "free_above"}}``."""
    return settings.SHOP_SHIPPING_METHODS


def shipping_options(
    *, needs_shipping: bool, merchandise: Decimal, free_shipping: bool = False
) -> list[ShippingOption]:
    """Return the delivery choices for a cart whose discounted goods cost ``merchandise``.

    A cart without physical goods has one choice, ``none``, at no cost. A method
    is free above its ``free_above`` threshold, and every method is free with a
    free-shipping promo code.
    """
    if not needs_shipping:
        return [ShippingOption("none", str(_("No shipping (digital goods)")), ZERO, None)]
    options = []
    for method, conf in shipping_methods().items():
        free_above = Decimal(conf["free_above"]) if conf.get("free_above") is not None else None
        free = free_shipping or (free_above is not None and merchandise >= free_above)
        price = ZERO if free else quantize(Decimal(conf["price"]))
        options.append(ShippingOption(method, str(conf["label"]), price, free_above))
    return options


def discount_allocate(lines: Sequence[PricedLine], eligible: Sequence[bool], amount: Decimal) -> list[PricedLine]:
    """Spread ``amount`` over the eligible lines in proportion to their totals, to the cent, summing exactly.

    The shares are rounded down, and the cents left over go to the lines with
    the largest remainders (ties to the first line), so the VAT breakdown and
    the order lines add up to the discount shown.
    """
    base = sum((line.line_total for line, ok in zip(lines, eligible, strict=True) if ok), ZERO)
    amount = min(quantize(amount), base)
    if amount <= 0 or base <= 0:
        return [replace(line, discount=ZERO) for line in lines]
    shares, remainders = [], []
    for index, (line, ok) in enumerate(zip(lines, eligible, strict=True)):
        exact = amount * line.line_total / base if ok else ZERO
        share = exact.quantize(CENT, rounding="ROUND_DOWN")
        shares.append(share)
        remainders.append((exact - share, -index))
    left = int((amount - sum(shares, ZERO)) / CENT)
    for _remainder, neg_index in sorted(remainders, reverse=True)[:left]:
        shares[-neg_index] += CENT
    return [replace(line, discount=share) for line, share in zip(lines, shares, strict=True)]


def vat_breakdown(lines: Iterable[PricedLine], shipping: Decimal) -> tuple[VatLine, ...]:
    """Group the discounted line totals (and shipping, at the standard rate) by VAT rate."""
    gross_by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = Decimal(line.vat_rate)
        gross_by_rate[rate] = gross_by_rate.get(rate, ZERO) + line.line_total - line.discount
    if shipping > 0:
        rate = Decimal(DEFAULT_VAT_RATE)
        gross_by_rate[rate] = gross_by_rate.get(rate, ZERO) + shipping
    result = []
    for rate in sorted(gross_by_rate):
        gross = quantize(gross_by_rate[rate])
        vat = vat_included(gross, rate)
        result.append(VatLine(rate=rate, gross=gross, net=gross - vat, vat=vat))
    return tuple(result)


def totals_compute(
    *,
    lines: Sequence[PricedLine],
    discount: Decimal = ZERO,
    eligible: Sequence[bool] | None = None,
    free_shipping: bool = False,
    shipping_method: str | None = None,
) -> Totals:
    """Compute a cart's totals from its priced lines, a discount already decided and a delivery method.

    ``eligible`` says which lines the discount applies to (all when None).
    ``shipping_method`` None or unknown picks the cheapest option (the estimate
    shown on the cart page).
    """
    lines = list(lines)
    eligible = list(eligible) if eligible is not None else [True] * len(lines)
    lines = discount_allocate(lines, eligible, discount)
    subtotal = sum((line.line_total for line in lines), ZERO)
    discount_total = sum((line.discount for line in lines), ZERO)
    needs_shipping = any(line.needs_shipping for line in lines)
    options = {
        o.method: o
        for o in shipping_options(
            needs_shipping=needs_shipping, merchandise=subtotal - discount_total, free_shipping=free_shipping
        )
    }
    option = options.get(shipping_method) if shipping_method else None
    if option is None:
        option = min(options.values(), key=lambda o: o.price)
    return Totals(
        lines=tuple(lines),
        subtotal=subtotal,
        discount=discount_total,
        shipping_method=option.method,
        shipping=option.price,
        total=subtotal - discount_total + option.price,
        vat_lines=vat_breakdown(lines, option.price),
        free_shipping=free_shipping,
    )
