"""Seed the demo catalogue: categories, products, variants, tags and pictures."""

from decimal import Decimal

from django.utils.text import slugify

from shop.models import Category, Product, ProductImage, ProductVariant
from shop.services.images import product_image_thumbnails_make

from .data import CATEGORIES
from .documents import sample_pdf
from .images import render_picture
from .specs import CategorySpec, ProductSpec, VariantSpec
from .upsert import file_missing, file_save, tags_sync, upsert

UNTRACKED_KINDS = {Product.Kind.DIGITAL, Product.Kind.CREDIT_PACK}


def catalogue_seed() -> None:
    """Create or refresh every demo category and product."""
    for position, spec in enumerate(CATEGORIES):
        category = _category_seed(spec, position=position)
        for number, product_spec in enumerate(spec.products, start=1):
            _product_seed(product_spec, category=category, category_spec=spec, number=number)


def _category_seed(spec: CategorySpec, *, position: int) -> Category:
    values = {
        "name": spec.name,
        "description": spec.description,
        "position": position,
        "is_active": True,
        "parent_id": None,
        "seo_title": f"{spec.name} : notre sélection",
        "seo_description": spec.description[:160],
    }
    category, _written = upsert(Category, lookup={"slug": spec.slug}, values=values)
    if file_missing(category.image):
        picture = render_picture(seed=f"category-{spec.slug}", colour=spec.colour, caption=spec.name)
        file_save(category.image, name=f"{spec.slug}.jpg", content=picture)
    return category


def _product_seed(spec: ProductSpec, *, category: Category, category_spec: CategorySpec, number: int) -> Product:
    kind = spec.kind or category_spec.kind
    values = {
        "name": spec.name,
        "kind": kind,
        "category_id": category.pk,
        "brand": spec.brand,
        "short_description": spec.short,
        "description": _description(spec, advice=category_spec.advice),
        "vat_rate": Decimal(category_spec.vat_rate),
        "is_active": True,
        "is_featured": spec.featured,
        "credits": spec.credits,
    }
    product, _written = upsert(Product, lookup={"slug": slugify(spec.name)}, values=values)
    tags_sync(product, names=spec.tags)
    for position, variant in enumerate(spec.variants):
        sku = _sku(category_spec.code, number, variant)
        _variant_seed(variant, product=product, sku=sku, position=position, track_stock=kind not in UNTRACKED_KINDS)
    _image_seed(product, colour=category_spec.colour)
    if kind == Product.Kind.DIGITAL and file_missing(product.digital_file):
        file_save(product.digital_file, name=f"{product.slug}.pdf", content=sample_pdf(title=product.name))
    return product


def _variant_seed(spec: VariantSpec, *, product: Product, sku: str, position: int, track_stock: bool) -> None:
    values = {
        "product_id": product.pk,
        "options": spec.options,
        "price": Decimal(spec.price),
        "compare_at_price": Decimal(spec.compare_at) if spec.compare_at else None,
        "stock": spec.stock if track_stock else 0,
        "track_stock": track_stock,
        "is_default": position == 0,
        "position": position,
    }
    upsert(ProductVariant, lookup={"sku": sku}, values=values)


def _image_seed(product: Product, *, colour: str) -> None:
    image = product.images.order_by("position", "pk").first()
    if image is not None and not file_missing(image.image):
        if not image.thumbnails or not all(image.image.storage.exists(name) for name in image.thumbnails.values()):
            product_image_thumbnails_make(image_id=image.pk)
        return
    image = image or ProductImage(product=product, position=0, alt_text=f"Visuel de démonstration : {product.name}")
    picture = render_picture(seed=product.slug, colour=colour, caption=product.name)
    file_save(image.image, name=f"{product.slug}.jpg", content=picture)
    product_image_thumbnails_make(image_id=image.pk)


def _description(spec: ProductSpec, *, advice: str) -> str:
    """Write the Markdown description of a demo product."""
    features = "\n".join(f"- {feature}" for feature in spec.features)
    return f"### Points forts\n\n{features}\n\n### Bon à savoir\n\n{advice}\n"


def _sku(code: str, number: int, variant: VariantSpec) -> str:
    """Return a readable SKU such as ``WBX-MOD-01-M-BLANC``."""
    suffix = "-".join(slugify(str(value)).upper() for value in variant.options.values())
    return f"WBX-{code}-{number:02d}" + (f"-{suffix}" if suffix else "")
