"""AI credits bought with credit packs: one ``CreditGrant`` per paid credit-pack line, recorded exactly once.

The AI studio (a higher app) reads the grants when ``order_paid`` reaches it
and stamps ``claimed_at``; the one-to-one on the line makes a repeated
payment notification or signal harmless.
"""

from django.db import transaction

from shop.models import Product

from ..models import CreditGrant, Order


def credit_grants_create(*, order: Order) -> list[CreditGrant]:
    """Record the credits owed for each credit-pack line of a paid ``order``; return every grant of the order."""
    grants = []
    with transaction.atomic():
        for line in order.lines.filter(product_kind=Product.Kind.CREDIT_PACK, credits__gt=0):
            grant, _created = CreditGrant.objects.get_or_create(
                line=line, defaults={"user": order.user, "credits": line.credits * line.quantity}
            )
            grants.append(grant)
    return grants
