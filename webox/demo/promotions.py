"""Seed the demo promo codes, one per kind of rule, so every cart behaviour can be tried by hand."""

from decimal import Decimal

from shop.models import Category, PromoCode

from .upsert import upsert

# (code, description, values)
PROMO_CODES = (
    (
        "BIENVENUE10",
        "10 % sur la première commande",
        {"kind": "percentage", "value": Decimal("10"), "first_order_only": True},
    ),
    ("LIVRAISON", "Livraison offerte dès 20 €", {"kind": "free_shipping", "min_order_total": Decimal("20")}),
    (
        "MOINS5",
        "5 € de remise dès 30 € d'achat",
        {"kind": "fixed", "value": Decimal("5"), "min_order_total": Decimal("30")},
    ),
)
EBOOKS_CODE = ("LIVRES20", "20 % sur les livres et eBooks", {"kind": "percentage", "value": Decimal("20")})


def promotions_seed() -> None:
    """Create or refresh the demo promo codes (each usable once per customer, without a global limit)."""
    for code, description, values in PROMO_CODES:
        upsert(PromoCode, lookup={"code": code}, values={"description": description, "is_active": True, **values})
    code, description, values = EBOOKS_CODE
    promo, _written = upsert(PromoCode, lookup={"code": code}, values={"description": description, **values})
    books = Category.objects.filter(slug="livres-ebooks").first()
    if books is not None:
        promo.categories.set([books])
