"""The ledger only grows; the sandbox is refused by a system check unless DEBUG or explicitly allowed."""

from decimal import Decimal

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import override_settings

from payments.models import Payment, PaymentTransaction, WebhookEvent

from .support import order_make

SANDBOX = {"sandbox": {"CLASS": "payments.gateways.sandbox.SandboxGateway", "OFFLINE_ONLY": True}}


@pytest.fixture
def entry(customer) -> PaymentTransaction:
    order = order_make(user=customer)
    payment = Payment.objects.create(order=order, gateway="sandbox", amount=order.total, idempotency_key="k")
    return PaymentTransaction.objects.create(
        payment=payment, gateway="sandbox", kind="capture", amount=Decimal("20.00"), currency="EUR", external_id="x"
    )


@pytest.mark.django_db
def test_a_ledger_entry_is_never_changed_or_deleted(entry):
    entry.amount = Decimal("1.00")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        PaymentTransaction.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(ValidationError):
        PaymentTransaction.objects.all().delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("20.00")


@pytest.mark.django_db
def test_a_gateway_transaction_is_recorded_once(entry):
    with pytest.raises(IntegrityError):
        PaymentTransaction.objects.create(
            payment=entry.payment, gateway="sandbox", kind="capture", amount=1, currency="EUR", external_id="x"
        )


@pytest.mark.django_db
def test_a_notification_is_stored_once_per_gateway(customer):
    WebhookEvent.objects.create(gateway="stripe", external_id="evt_1", payload={})
    WebhookEvent.objects.create(gateway="sandbox", external_id="evt_1", payload={})
    with pytest.raises(IntegrityError):
        WebhookEvent.objects.create(gateway="stripe", external_id="evt_1", payload={})


def _errors() -> set[str]:
    return {message.id for message in checks.run_checks(tags=["security"])}


@override_settings(DEBUG=False, PAYMENT_GATEWAYS=SANDBOX, ALLOW_OFFLINE_PROVIDERS=False)
def test_the_sandbox_is_refused_when_debug_is_off():
    assert "webox.E003" in _errors()


@override_settings(DEBUG=False, PAYMENT_GATEWAYS=SANDBOX, ALLOW_OFFLINE_PROVIDERS=True)
def test_the_sandbox_is_allowed_for_a_demo_site():
    assert "webox.E003" not in _errors()


@override_settings(DEBUG=True, PAYMENT_GATEWAYS=SANDBOX, ALLOW_OFFLINE_PROVIDERS=False)
def test_the_sandbox_is_fine_in_development():
    assert "webox.E003" not in _errors()


def test_gateways_are_on_when_their_keys_are_set(monkeypatch):
    """Stripe with STRIPE_SECRET_KEY, PayPal with PAYPAL_RECEIVER_EMAIL, the sandbox only when asked."""
    from webox.settings import base

    for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PAYPAL_RECEIVER_EMAIL", "PAYPAL_POSTBACK_URL"):
        monkeypatch.setattr(base, name, "")
    assert base.payment_gateways(sandbox=False, paypal_test=False) == {}
    monkeypatch.setattr(base, "STRIPE_SECRET_KEY", "sk_live_1")
    monkeypatch.setattr(base, "STRIPE_WEBHOOK_SECRET", "whsec_new,whsec_old")
    monkeypatch.setattr(base, "PAYPAL_RECEIVER_EMAIL", "shop@example.com")
    gateways = base.payment_gateways(sandbox=True, paypal_test=False)
    assert list(gateways) == ["stripe", "paypal", "sandbox"]
    assert gateways["stripe"]["OPTIONS"]["webhook_secret"] == "whsec_new,whsec_old"
    assert gateways["paypal"]["OPTIONS"]["test"] is False and gateways["sandbox"]["OFFLINE_ONLY"] is True
