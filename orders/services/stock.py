"""Stock moves of orders: lock variants in one fixed order, take units at placement, give them back on cancel.

Deadlocks are avoided by always locking variant rows with one query ordered by
primary key, and by writing every stock change of an order in one UPDATE
statement (the catalogue's trigger then refreshes the products of that
statement together, in one pass).

``OrderLine.stock_reserved`` is True while the line's units are out of the
variant's stock: from placement on, through payment and shipping. Payment
does not touch stock (the units are already taken); only a cancellation
(by the customer, staff or the expiry of an unpaid order) puts them back and
clears the flag.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Case, F, IntegerField, Value, When

from shop.models import ProductVariant

from ..models import Order, OrderLine


def variants_lock(variant_ids: Iterable[int]) -> dict[int, ProductVariant]:
    """Lock the variants (their rows only, by primary key, in one query); return them by id, product loaded."""
    variants = (
        ProductVariant.objects.select_for_update(of=("self",))
        .select_related("product__category")
        .filter(pk__in=sorted(set(variant_ids)))
        .order_by("pk")
    )
    return {variant.pk: variant for variant in variants}


def _stock_update(changes: Mapping[int, int]) -> None:
    """Add ``changes[variant_id]`` (negative to take) to each variant's stock in a single UPDATE."""
    if not changes:
        return
    whens = [When(pk=pk, then=F("stock") + Value(delta)) for pk, delta in sorted(changes.items())]
    ProductVariant.objects.filter(pk__in=sorted(changes)).update(
        stock=Case(*whens, default=F("stock"), output_field=IntegerField())
    )


def stock_take(quantities: Mapping[int, int]) -> None:
    """Take ``quantities`` (variant id → units) out of stock; the variants must be locked and checked first."""
    _stock_update({pk: -quantity for pk, quantity in quantities.items() if quantity})


def stock_release(*, order: Order) -> int:
    """Put the units of ``order``'s reserved lines back in stock and clear their flag; return the units released."""
    lines = list(OrderLine.objects.filter(order=order, stock_reserved=True).exclude(variant=None))
    if not lines:
        return 0
    changes: dict[int, int] = {}
    for line in lines:
        changes[line.variant_id] = changes.get(line.variant_id, 0) + line.quantity
    locked = variants_lock(changes)
    _stock_update({pk: units for pk, units in changes.items() if pk in locked and locked[pk].track_stock})
    OrderLine.objects.filter(pk__in=[line.pk for line in lines]).update(stock_reserved=False)
    return sum(changes.values())
