"""Generate a large synthetic catalogue for benchmarks (``manage.py generate_catalogue``).

Bulk inserts only (``bulk_create`` in batches, no per-row ``save``): products,
one to three variants each, taggit tags; deterministic for a given seed and
starting number. Generated rows are recognisable by the ``gen-`` slug prefix
(products and categories) and the ``GEN-`` SKU prefix. Ratings and sales counts
are synthetic (no review or order rows) so that every sort has something to do.
On PostgreSQL the search triggers fill ``search_vector`` and the search
documents during the inserts; the words spelling correction uses are rebuilt at the end.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from shop.models import Category, Product, ProductVariant
from shop.search import search_words_refresh

PREFIX = "gen-"

CATEGORY_TREE = {
    "Maison": ["Cuisine", "Décoration", "Luminaires", "Linge de maison"],
    "Mode": ["Chaussures", "Vêtements", "Sacs", "Accessoires"],
    "High-tech": ["Audio", "Informatique", "Téléphonie", "Photo"],
    "Sport": ["Randonnée", "Vélo", "Running", "Fitness"],
    "Beauté": ["Soins du visage", "Parfums", "Cheveux"],
    "Jardin": ["Outillage", "Plantes", "Mobilier d'extérieur"],
    "Livres": ["Romans", "Bandes dessinées", "Cuisine et vins"],
    "Jeux": ["Jeux de société", "Puzzles", "Jeux vidéo"],
}
NOUNS = {
    "Cuisine": ["Casserole", "Poêle", "Théière", "Cafetière", "Planche à découper", "Couteau"],
    "Décoration": ["Vase", "Miroir", "Coussin", "Cadre photo", "Bougie parfumée"],
    "Luminaires": ["Lampe de chevet", "Suspension", "Applique", "Lampadaire"],
    "Linge de maison": ["Plaid", "Housse de couette", "Nappe", "Serviette de bain"],
    "Chaussures": ["Chaussure de randonnée", "Basket", "Sandale", "Botte", "Espadrille"],
    "Vêtements": ["Pull marin", "Chemise", "Veste", "Robe d'été", "Pantalon", "Tee-shirt"],
    "Sacs": ["Sac à dos", "Sac à main", "Cabas", "Pochette"],
    "Accessoires": ["Écharpe", "Ceinture", "Bonnet", "Montre", "Lunettes de soleil"],
    "Audio": ["Casque audio", "Enceinte", "Écouteurs", "Barre de son"],
    "Informatique": ["Clavier", "Souris", "Écran", "Ordinateur portable", "Disque dur"],
    "Téléphonie": ["Coque", "Chargeur", "Smartphone", "Batterie externe"],
    "Photo": ["Appareil photo", "Objectif", "Trépied", "Sacoche photo"],
    "Randonnée": ["Bâton de marche", "Gourde", "Tente", "Sac de couchage", "Lampe frontale"],
    "Vélo": ["Casque de vélo", "Antivol", "Selle", "Éclairage vélo"],
    "Running": ["Chaussure de running", "Brassard", "Short de course", "Montre cardio"],
    "Fitness": ["Tapis de yoga", "Haltère", "Corde à sauter", "Élastique de musculation"],
    "Soins du visage": ["Crème hydratante", "Sérum", "Masque", "Nettoyant"],
    "Parfums": ["Eau de parfum", "Eau de toilette", "Brume"],
    "Cheveux": ["Shampoing", "Après-shampoing", "Brosse", "Huile capillaire"],
    "Outillage": ["Sécateur", "Perceuse", "Tournevis", "Arrosoir"],
    "Plantes": ["Olivier", "Lavande", "Monstera", "Bonsaï"],
    "Mobilier d'extérieur": ["Chaise longue", "Table de jardin", "Parasol", "Hamac"],
    "Romans": ["Roman policier", "Roman historique", "Recueil de nouvelles"],
    "Bandes dessinées": ["Bande dessinée", "Manga", "Roman graphique"],
    "Cuisine et vins": ["Livre de recettes", "Guide des vins", "Carnet de cuisine"],
    "Jeux de société": ["Jeu de plateau", "Jeu de cartes", "Jeu d'ambiance"],
    "Puzzles": ["Puzzle 1000 pièces", "Puzzle 3D", "Casse-tête"],
    "Jeux vidéo": ["Manette", "Jeu d'aventure", "Volant de course"],
}
ADJECTIVES = [
    "léger",
    "élégant",
    "robuste",
    "compact",
    "ergonomique",
    "écologique",
    "artisanal",
    "classique",
    "moderne",
    "vintage",
    "pliable",
    "imperméable",
    "doux",
    "premium",
    "essentiel",
    "malin",
]
MATERIALS = [
    "en cuir",
    "en coton bio",
    "en laine",
    "en bambou",
    "en lin",
    "en acier",
    "en céramique",
    "en bois de hêtre",
    "en verre recyclé",
    "en aluminium",
    "bleu marine",
    "vert sauge",
    "rouge brique",
    "gris anthracite",
    "noir",
    "blanc",
]
BRANDS = [
    "Atelier Lumière",
    "Maison Duval",
    "Terre & Ciel",
    "Bercail",
    "Nordique",
    "Cap Horn",
    "Éole",
    "Kerlann",
    "Vallée Verte",
    "Studio Pixel",
    "Hexa",
    "Montagne Libre",
    "Belle Île",
    "Papeterie Moreau",
    "Ludo & Co",
]
TAGS = [
    "bio",
    "fabriqué en France",
    "recyclé",
    "cadeau",
    "nouveauté",
    "promo",
    "gaming",
    "vegan",
    "durable",
    "édition limitée",
    "best-seller",
    "made in Europe",
    "zéro déchet",
    "outdoor",
    "enfant",
    "premium",
]
SIZES = ["XS", "S", "M", "L", "XL"]
COLOURS = ["bleu", "rouge", "vert", "noir", "blanc", "beige"]


@dataclass(frozen=True)
class GeneratedProduct:
    product: Product
    variants: list[ProductVariant]
    tags: list[str]


def catalogue_generate(*, products: int, seed: int = 42, batch_size: int = 2000) -> int:
    """Add ``products`` generated products (numbered after the ones already there); return the number added."""
    leaves = _categories_ensure()
    start = Product.objects.filter(slug__startswith=PREFIX).count()
    rng = random.Random(f"{seed}:{start}")
    tags = _tags_ensure()
    content_type = ContentType.objects.get_for_model(Product)
    for offset in range(0, products, batch_size):
        numbers = range(start + offset, start + min(offset + batch_size, products))
        batch = [_product_build(rng, number, leaves) for number in numbers]
        _batch_insert(batch, tags=tags, content_type=content_type)
    search_words_refresh()
    return products


def catalogue_generated_clear() -> int:
    """Delete every generated product (and its variants, images and tags); return how many."""
    generated = Product.objects.filter(slug__startswith=PREFIX)
    count = generated.count()
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(Product)
        TaggedItem.objects.filter(content_type=content_type, object_id__in=generated.values("pk")).delete()
        generated.delete()
    return count


def _categories_ensure() -> list[tuple[Category, str]]:
    """Create the generated category tree when missing; return its leaves with their names."""
    leaves = []
    for position, (root_name, children) in enumerate(CATEGORY_TREE.items()):
        root, _created = Category.objects.get_or_create(
            slug=f"{PREFIX}{slugify(root_name)}", defaults={"name": root_name, "position": position}
        )
        for child_position, child_name in enumerate(children):
            child, _created = Category.objects.get_or_create(
                slug=f"{PREFIX}{slugify(root_name)}-{slugify(child_name)}",
                defaults={"name": child_name, "parent": root, "position": child_position},
            )
            leaves.append((child, child_name))
    return leaves


def _tags_ensure() -> dict[str, int]:
    existing = {tag.name: tag.pk for tag in Tag.objects.filter(name__in=TAGS)}
    missing = [Tag(name=name, slug=slugify(name)) for name in TAGS if name not in existing]
    for tag in Tag.objects.bulk_create(missing):
        existing[tag.name] = tag.pk
    return existing


def _product_build(rng: random.Random, number: int, leaves: list[tuple[Category, str]]) -> GeneratedProduct:
    category, leaf_name = rng.choice(leaves)
    noun = rng.choice(NOUNS[leaf_name])
    name = f"{noun} {rng.choice(ADJECTIVES)} {rng.choice(MATERIALS)}"
    brand = rng.choice(BRANDS)
    rated = rng.random() < 0.6
    product = Product(
        name=name,
        slug=f"{PREFIX}{slugify(name)}-{number}",
        category=category,
        brand=brand,
        short_description=f"{noun} signé {brand}, pensé pour durer.",
        description=f"Un {noun.lower()} {rng.choice(ADJECTIVES)} choisi par notre équipe. Livraison rapide.",
        is_featured=rng.random() < 0.02,
        rating_avg=Decimal(rng.randint(25, 50)) / 10 if rated else Decimal("0"),
        rating_count=rng.randint(1, 400) if rated else 0,
        sales_count=rng.randint(0, 5000),
    )
    return GeneratedProduct(product, _variants_build(rng, number), rng.sample(TAGS, rng.randint(0, 3)))


def _variants_build(rng: random.Random, number: int) -> list[ProductVariant]:
    base = Decimal(rng.randint(300, 50000)) / 100
    axis, values = rng.choice([("taille", SIZES), ("couleur", COLOURS)])
    chosen = rng.sample(values, rng.randint(1, 3))
    variants = []
    for position, value in enumerate(chosen):
        price = base + Decimal(position * 5)
        variants.append(
            ProductVariant(
                sku=f"GEN-{number:07d}-{position}",
                options={axis: value} if len(chosen) > 1 else {},
                price=price,
                compare_at_price=(price * Decimal("1.2")).quantize(Decimal("0.01")) if rng.random() < 0.1 else None,
                stock=0 if rng.random() < 0.1 else rng.randint(1, 80),
                is_default=position == 0,
                position=position,
            )
        )
    return variants


def _batch_insert(batch: list[GeneratedProduct], *, tags: dict[str, int], content_type: ContentType) -> None:
    with transaction.atomic():
        Product.objects.bulk_create([item.product for item in batch])
        variants, tagged = [], []
        for item in batch:
            for variant in item.variants:
                variant.product_id = item.product.pk
                variants.append(variant)
            tagged.extend(
                TaggedItem(content_type=content_type, object_id=item.product.pk, tag_id=tags[n]) for n in item.tags
            )
        ProductVariant.objects.bulk_create(variants)
        TaggedItem.objects.bulk_create(tagged)
