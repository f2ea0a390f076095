"""Fixtures of the payment tests: the Stripe and PayPal emulators, gateways pointed at them, customers, products."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from shop.models import Product
from tests.factories import UserFactory
from tests.fakes.paypal_emulator import PayPalEmulator
from tests.fakes.stripe_emulator import API_KEY, StripeEmulator
from tests.shop.factories import ProductFactory

from .support import OLD_WEBHOOK_SECRET, RECEIVER, WEBHOOK_SECRET


@pytest.fixture(scope="session")
def stripe_server():
    server = StripeEmulator().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def paypal_server():
    server = PayPalEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_emulator(stripe_server):
    stripe_server.reset()
    return stripe_server


@pytest.fixture
def paypal_emulator(paypal_server):
    paypal_server.reset()
    return paypal_server


@pytest.fixture(autouse=True)
def staff_told(settings):
    """Staff alerts go to one known address."""
    settings.STAFF_EMAILS = ["staff@webox.test"]


@pytest.fixture
def gateways(settings, stripe_emulator, paypal_emulator):
    """Stripe, PayPal (sandbox mode) and the sandbox, the first two pointed at the local emulators."""
    settings.PAYPAL_TEST = True
    settings.PAYMENT_GATEWAYS = {
        "stripe": {
            "CLASS": "payments.gateways.stripe.StripeGateway",
            "OPTIONS": {
                "secret_key": API_KEY,
                "webhook_secret": f"{WEBHOOK_SECRET},{OLD_WEBHOOK_SECRET}",
                "api_base": stripe_emulator.url,
                "timeout": 5,
                "max_network_retries": 0,
            },
        },
        "paypal": {
            "CLASS": "payments.gateways.paypal.PayPalGateway",
            "OPTIONS": {"receiver_email": RECEIVER, "test": True, "postback_url": paypal_emulator.url, "timeout": 2},
        },
        "sandbox": {"CLASS": "payments.gateways.sandbox.SandboxGateway", "OFFLINE_ONLY": True},
    }
    return settings.PAYMENT_GATEWAYS


@pytest.fixture
def customer(db):
    return UserFactory()


@pytest.fixture
def api(customer) -> APIClient:
    client = APIClient()
    client.force_authenticate(customer)
    return client


@pytest.fixture
def credit_pack(db) -> Product:
    """A pack of 500 AI credits at 5.00 €."""
    return ProductFactory(
        name="Pack 500 crédits",
        kind=Product.Kind.CREDIT_PACK,
        credits=500,
        variant__price=Decimal("5.00"),
        variant__track_stock=False,
    )


@pytest.fixture
def physical(db) -> Product:
    """A physical product at 20.00 € with 10 units (round prices: SQLite's checks add floats)."""
    return ProductFactory(name="Lampe", variant__price=Decimal("20.00"), variant__stock=10)
