"""Helpers of the AI studio tests: funded customers, a credit pack, a failing provider, eager retries."""

from contextlib import contextmanager
from decimal import Decimal

from ai_studio.services import credits_grant
from shop.models import Product
from tests.factories import UserFactory
from tests.shop.factories import ProductFactory

BROKEN_MODEL = {
    "id": "broken-chat",
    "provider": "broken",
    "model": "broken-1",
    "name": "Broken",
    "capability": "chat",
    "price_in_per_1k": 1,
    "price_out_per_1k": 2,
}


def funded_user_make(credits: int = 100):
    """Return a new user holding ``credits`` AI credits (granted by staff)."""
    user = UserFactory()
    if credits:
        credits_grant(user=user, amount=credits, reason="test")
    return user


def credit_pack_make() -> Product:
    """Return a pack of 500 AI credits at 5.00 €, stock not tracked (as tests/orders/conftest.py's)."""
    return ProductFactory(
        name="Pack 500 crédits",
        kind=Product.Kind.CREDIT_PACK,
        credits=500,
        variant__price=Decimal("5.00"),
        variant__track_stock=False,
    )


def broken_provider_use(settings, *, kind: str = "unavailable", failures: int = -1) -> None:
    """Add the provider ``broken`` (its first ``failures`` calls fail with ``kind``) and its model ``broken-chat``."""
    options = {"kind": kind, "failures": failures}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "broken": {"CLASS": "tests.ai_studio.fakes.FailingProvider", "OPTIONS": options},
    }
    settings.AI_MODELS = [*settings.AI_MODELS, BROKEN_MODEL]


@contextmanager
def eager_retries():
    """Let eager tasks run their retries at once (propagating the first ``Retry`` would stop them)."""
    from webox.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    try:
        yield
    finally:
        app.conf.task_eager_propagates = previous
