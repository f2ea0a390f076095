"""Orders made directly from rows, with consistent totals, for the tests of invoices, downloads, emails and admin.

They skip checkout on purpose: these tests are about what happens to an
order once it exists (documents, files, emails, back office).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from orders.models import Order, OrderLine
from shop.models import Product
from shop.pricing import ZERO, vat_breakdown
from tests.shop.factories import ProductFactory


@dataclass(frozen=True)
class Item:
    """A line to put in an order: a product (optional), a price, a quantity, a VAT rate."""

    name: str = "Mug WEBOX"
    unit_price: Decimal = Decimal("12.50")
    quantity: int = 1
    vat_rate: Decimal = Decimal("20.00")
    kind: str = "physical"
    product: Product | None = None
    variant_label: str = ""
    discount: Decimal = ZERO


DEFAULT_ITEMS = (
    Item("Mug WEBOX", Decimal("12.50"), 2, variant_label="Bleu"),
    Item("T-shirt WEBOX", Decimal("25.00"), 1, variant_label="M"),
)


def _line(order: Order, index: int, item: Item) -> OrderLine:
    variant = item.product.default_variant if item.product is not None else None
    return OrderLine(
        order=order,
        product=item.product,
        variant=variant,
        product_name=item.name,
        variant_label=item.variant_label,
        sku=variant.sku if variant is not None else f"SKU-{order.pk}-{index}",
        product_kind=item.kind,
        unit_price=item.unit_price,
        vat_rate=item.vat_rate,
        quantity=item.quantity,
        line_total=item.unit_price * item.quantity,
        discount=item.discount,
    )


def order_make(
    *,
    user=None,
    items=DEFAULT_ITEMS,
    status: str = Order.Status.PAID,
    shipping: Decimal = Decimal("4.90"),
    language: str = "fr",
    **fields,
) -> Order:
    """Create an order (numbered ``WBX-<year>-<pk>``) with ``items`` and totals that add up."""
    items = list(items)
    digital_only = all(item.kind != "physical" for item in items)
    shipping = ZERO if digital_only else shipping
    subtotal = sum((item.unit_price * item.quantity for item in items), ZERO)
    discount = sum((item.discount for item in items), ZERO)
    defaults = {
        "email": user.email if user is not None else "invite@example.com",
        "shipping_method": Order.ShippingMethod.NONE if digital_only else Order.ShippingMethod.STANDARD,
        "billing_address": ADDRESS,
        "shipping_address": {} if digital_only else ADDRESS,
        "payment_method": "sandbox",
        "paid_at": timezone.now() if status != Order.Status.PENDING_PAYMENT else None,
    }
    order = Order.objects.create(
        user=user,
        status=status,
        language=language,
        subtotal=subtotal,
        discount_total=discount,
        shipping_total=shipping,
        total=subtotal - discount + shipping,
        **{**defaults, **fields},
    )
    order.number = f"WBX-{timezone.localdate().year}-{order.pk:06d}"
    lines = OrderLine.objects.bulk_create([_line(order, index, item) for index, item in enumerate(items)])
    order.vat_total = sum((line.vat for line in vat_breakdown(lines, shipping)), ZERO)
    order.save(update_fields=["number", "vat_total"])
    return order


ADDRESS = {
    "full_name": "Léa Martin",
    "company": "",
    "line1": "12 rue des Lilas",
    "line2": "",
    "postal_code": "69003",
    "city": "Lyon",
    "country": "FR",
    "phone": "",
}


def digital_product_make(*, content: bytes = b"%PDF-1.4 guide", filename: str = "guide.pdf", **fields) -> Product:
    """Create a digital product whose file (in the private storage) holds ``content``."""
    product = ProductFactory(kind=Product.Kind.DIGITAL, name=fields.pop("name", "Guide numérique"), **fields)
    product.digital_file.save(filename, ContentFile(content), save=True)
    return product


def digital_item(product: Product, *, price: Decimal = Decimal("9.90")) -> Item:
    return Item(product.name, price, 1, kind="digital", product=product)
