"""CSV export and import of the catalogue: one row per variant, matched by SKU.

Columns: ``sku`` (required), ``price``, ``compare_at_price``, ``stock`` to update
a variant; to create a product that does not exist yet, also ``product_name``
and ``category_slug`` (optional ``product_slug``, ``kind``, ``options`` as JSON).
The import checks every row first and writes all of them or none.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shop.models import Category, Product, ProductVariant
from shop.models.catalogue import validate_variant_options
from webox.common.errors import ApplicationError

EXPORT_COLUMNS = [
    "sku", "product_slug", "product_name", "category_slug", "kind", "options",
    "price", "compare_at_price", "stock", "track_stock", "is_default", "is_active",
]  # fmt: skip
MAX_ROWS = 20_000
# The largest stock the database column holds (a PostgreSQL integer).
STOCK_MAX = 2_147_483_647


class CatalogueImportError(ApplicationError):
    """The file was refused; ``errors`` lists ``(line, message)`` and nothing was written."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(
            _("The import was refused: nothing was changed."), code="csv_invalid", extra={"errors": errors}
        )
        self.errors = errors


@dataclass
class ImportReport:
    updated: int = 0
    created: int = 0
    products_created: list[str] = field(default_factory=list)


def catalogue_csv_rows(products: Iterable[Product]) -> Iterator[list[str]]:
    """Yield the header then one row per variant of ``products`` (a queryset), in two queries."""
    yield EXPORT_COLUMNS
    variants = (
        ProductVariant.objects.filter(product__in=products)
        .select_related("product__category")
        .order_by("product__name", "product_id", "position", "pk")
    )
    for variant in variants.iterator(chunk_size=2000):
        product = variant.product
        yield [
            variant.sku, product.slug, product.name, product.category.slug, product.kind,
            json.dumps(variant.options, ensure_ascii=False) if variant.options else "",
            f"{variant.price:.2f}", f"{variant.compare_at_price:.2f}" if variant.compare_at_price else "",
            str(variant.stock), _flag(variant.track_stock), _flag(variant.is_default), _flag(product.is_active),
        ]  # fmt: skip


def _flag(value: bool) -> str:
    return "1" if value else "0"


def catalogue_csv_import(*, content: bytes) -> ImportReport:
    """Apply a CSV file to the catalogue, all rows or none; raise CatalogueImportError listing bad rows."""
    rows = _read_rows(content)
    known = ProductVariant.objects.in_bulk([row["sku"] for _line, row in rows if row.get("sku")], field_name="sku")
    categories = Category.objects.in_bulk(
        {row.get("category_slug") for _l, row in rows} - {None, ""}, field_name="slug"
    )
    errors: list[tuple[int, str]] = []
    plans = []
    for line, row in rows:
        try:
            plans.append(_row_plan(row, known=known, categories=categories))
        except ValueError as error:
            errors.append((line, str(error)))
    _check_duplicates(rows, errors)
    if errors:
        raise CatalogueImportError(sorted(errors))
    return _apply(plans)


def _read_rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """Decode the file (UTF-8, comma or semicolon) into ``(line number, row)`` pairs."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CatalogueImportError([(1, _("The file is not UTF-8 text."))]) from error
    delimiter = ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or "sku" not in [name.strip() for name in reader.fieldnames]:
        raise CatalogueImportError([(1, _("The first line must name the columns, including sku."))])
    rows = [(reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k}) for row in reader]
    if len(rows) > MAX_ROWS:
        raise CatalogueImportError([(1, _("At most %(max)s rows per file.") % {"max": MAX_ROWS})])
    return rows


def _check_duplicates(rows: list[tuple[int, dict[str, str]]], errors: list[tuple[int, str]]) -> None:
    seen: set[str] = set()
    for line, row in rows:
        if row.get("sku") in seen:
            errors.append((line, _("SKU %(sku)s appears twice.") % {"sku": row["sku"]}))
        seen.add(row.get("sku", ""))


def _row_plan(row: dict[str, str], *, known: dict, categories: dict) -> dict[str, Any]:
    """Check one row and say what to do with it; raise ValueError with a readable message."""
    sku = row.get("sku", "")
    if not sku:
        raise ValueError(_("The SKU is missing."))
    _checked_field(ProductVariant, "sku", sku)
    values: dict[str, Any] = {}
    if row.get("price"):
        values["price"] = _decimal(row["price"], _("price"))
        if values["price"] <= 0:
            raise ValueError(_("The price must be greater than zero."))
    if "compare_at_price" in row and row.get("compare_at_price") is not None:
        values["compare_at_price"] = (
            _decimal(row["compare_at_price"], _("compare-at price")) if row["compare_at_price"] else None
        )
    if row.get("stock"):
        if not row["stock"].isdigit():
            raise ValueError(_("The stock must be a whole number, zero or more."))
        if int(row["stock"]) > STOCK_MAX:
            raise ValueError(_("The stock must be at most %(max)s.") % {"max": STOCK_MAX})
        values["stock"] = int(row["stock"])
    variant = known.get(sku)
    if variant is not None:
        return _checked_update(variant, values)
    return _checked_creation(row, sku=sku, values=values, categories=categories)


def _decimal(text: str, label: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation as error:
        raise ValueError(_("The %(label)s is not a number: %(value)s.") % {"label": label, "value": text}) from error
    # Magnitude first: quantizing a number as large as 1e309 is itself an error.
    if not value.is_finite() or abs(value) >= Decimal("1e8") or value != value.quantize(Decimal("0.01")):
        raise ValueError(_("The %(label)s must be an amount in euros and cents.") % {"label": label})
    return value


def _checked_update(variant: ProductVariant, values: dict[str, Any]) -> dict[str, Any]:
    price = values.get("price", variant.price)
    compare_at = values.get("compare_at_price", variant.compare_at_price)
    if compare_at is not None and compare_at <= price:
        raise ValueError(_("The compare-at price must be higher than the price."))
    return {"variant": variant, "values": values}


def _checked_creation(row: dict[str, str], *, sku: str, values: dict[str, Any], categories: dict) -> dict[str, Any]:
    name, category = row.get("product_name", ""), categories.get(row.get("category_slug", ""))
    if not name or category is None or "price" not in values:
        raise ValueError(
            _("Unknown SKU %(sku)s: to create it, give product_name, an existing category_slug and a price.")
            % {"sku": sku}
        )
    kind = row.get("kind") or Product.Kind.PHYSICAL
    if kind not in Product.Kind.values or kind == Product.Kind.CREDIT_PACK:
        raise ValueError(_("The kind must be physical or digital."))
    try:
        options = json.loads(row["options"]) if row.get("options") else {}
    except json.JSONDecodeError as error:
        raise ValueError(_('The options must be JSON, for example {"taille": "M"}.')) from error
    try:
        validate_variant_options(options)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    if values.get("compare_at_price") is not None and values["compare_at_price"] <= values["price"]:
        raise ValueError(_("The compare-at price must be higher than the price."))
    slug = row.get("product_slug") or slugify(name)[: Product._meta.get_field("slug").max_length]
    product = {
        "name": _checked_field(Product, "name", name),
        "slug": _checked_field(Product, "slug", slug),
        "category": category,
        "kind": kind,
    }
    return {"sku": sku, "product": product, "values": {**values, "options": options}}


def _checked_field(model, name: str, value: str) -> str:
    """Return ``value`` as the model's field ``name`` takes it (length, slug characters), or raise ValueError."""
    field = model._meta.get_field(name)
    try:
        return field.clean(value, None)
    except ValidationError as error:
        raise ValueError(
            _("%(field)s: %(problem)s") % {"field": field.verbose_name, "problem": " ".join(error.messages)}
        ) from error


@transaction.atomic
def _apply(plans: list[dict[str, Any]]) -> ImportReport:
    report = ImportReport()
    for plan in plans:
        if "variant" in plan:
            variant = ProductVariant.objects.select_for_update().get(pk=plan["variant"].pk)
            for name, value in plan["values"].items():
                setattr(variant, name, value)
            variant.save(update_fields=list(plan["values"]) or None)
            report.updated += 1
            continue
        spec = plan["product"]
        product, created = Product.objects.get_or_create(slug=spec["slug"], defaults={**spec, "is_active": False})
        if created:
            report.products_created.append(product.slug)
        is_default = not product.variants.filter(is_default=True).exists()
        ProductVariant.objects.create(
            product=product, sku=plan["sku"], is_default=is_default, track_stock=product.kind == Product.Kind.PHYSICAL,
            **plan["values"],
        )  # fmt: skip
        report.created += 1
    return report
