"""Money helpers: amounts are Decimal euros, VAT included; cents only at gateways."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DEFAULT_VAT_RATE = Decimal("20.00")


def quantize(amount: Decimal) -> Decimal:
    """Round an amount to the cent, half up (the commercial rule)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Convert euros to integer cents for a payment gateway."""
    return int(quantize(amount) * 100)


def from_cents(cents: int) -> Decimal:
    """Convert integer cents from a payment gateway to euros."""
    return quantize(Decimal(cents) / 100)


def vat_included(amount_incl_vat: Decimal, rate_percent: Decimal = DEFAULT_VAT_RATE) -> Decimal:
    """Return the VAT contained in a VAT-inclusive amount."""
    gross = Decimal(amount_incl_vat)
    return quantize(gross - gross / (1 + Decimal(rate_percent) / 100))
