"""Credits arriving from other apps: paid credit packs (once per line) and the sign-up bonus (once per user)."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from accounts.services.privacy import user_delete_account
from ai_studio.models import CreditAccount, CreditEntry, GenerationJob
from ai_studio.services import job_create
from orders.models import CreditGrant, Order
from orders.services import order_mark_paid
from orders.signals import order_paid
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.orders.factories import order_place_for

from .studio_support import credit_pack_make, funded_user_make

pytestmark = pytest.mark.django_db


def test_credit_pack_is_granted_once_when_order_paid_arrives_twice(django_capture_on_commit_callbacks):
    credit_pack = credit_pack_make()
    buyer = UserFactory()
    order = order_place_for(buyer, (credit_pack.variants.get(), 2))
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, payment_method="sandbox")
    order_paid.send(sender=Order, order=Order.objects.get(pk=order.pk))  # a second delivery
    account = CreditAccount.objects.get(user=buyer)
    assert account.balance == 1000
    entry = account.entries.get()
    assert (entry.kind, entry.amount) == (CreditEntry.Kind.PURCHASE, 1000)
    grant = CreditGrant.objects.get(line__order=order)
    assert grant.claimed_at is not None and entry.order_line_id == grant.line_id


def _confirm(client, address: EmailAddress) -> None:
    response = client.post(reverse("account_confirm_email", kwargs={"key": EmailConfirmationHMAC(address).key}))
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified


def test_signup_bonus_is_granted_when_an_email_is_verified_and_only_once(client, settings):
    settings.AI_SIGNUP_BONUS_CREDITS = 50
    user = UserFactory()
    _confirm(client, EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True))
    _confirm(client, EmailAddress.objects.create(user=user, email="other@example.com", verified=False))
    account = CreditAccount.objects.get(user=user)
    assert account.balance == 50
    assert list(account.entries.values_list("kind", "amount")) == [(CreditEntry.Kind.BONUS, 50)]


def test_deleting_an_account_erases_its_credits_jobs_and_files(django_capture_on_commit_callbacks):
    user = funded_user_make(20)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(user=user, kind="image", model="demo-image", prompt="Un phare")
    result = job.results.get()
    storage, name = result.file.storage, result.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        user_delete_account(user=user, password=DEFAULT_PASSWORD)
    assert not storage.exists(name)
    assert not GenerationJob.objects.exists() and not CreditEntry.objects.exists()
