"""Credits: reserve, settle and refund keep the balance equal to the ledger's sum and never below zero."""

import pytest
from django.db.models import Sum

from ai_studio.errors import InsufficientCredits
from ai_studio.models import CreditAccount, CreditEntry, GenerationJob
from ai_studio.services import credits_grant, credits_refund, credits_reserve, credits_settle

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
Kind = CreditEntry.Kind


def _job(user) -> GenerationJob:
    return GenerationJob.objects.create(user=user, kind="chat", model="demo-chat", provider="demo", prompt="Bonjour")


def _account(user) -> CreditAccount:
    return CreditAccount.objects.get(user=user)


def assert_ledger_adds_up(user) -> None:
    account = _account(user)
    assert account.balance == account.entries.aggregate(total=Sum("amount"))["total"]
    assert account.balance >= 0 and account.reserved >= 0


def test_grant_adds_credits_and_an_order_line_is_granted_once():
    customer = funded_user_make(100)
    first = credits_grant(user=customer, amount=500, kind=Kind.PURCHASE, reason="pack", order_line_id=42)
    again = credits_grant(user=customer, amount=500, kind=Kind.PURCHASE, reason="pack", order_line_id=42)
    assert again == first
    assert _account(customer).balance == 100 + 500
    assert_ledger_adds_up(customer)


def test_staff_adjustment_may_remove_credits_but_not_below_zero():
    customer = funded_user_make(100)
    credits_grant(user=customer, amount=-30, kind=Kind.ADJUST, reason="geste commercial annulé")
    assert _account(customer).balance == 70
    with pytest.raises(InsufficientCredits):
        credits_grant(user=customer, amount=-71, kind=Kind.ADJUST, reason="trop")
    assert _account(customer).balance == 70
    with pytest.raises(ValueError):
        credits_grant(user=customer, amount=-5, kind=Kind.GRANT)


def test_reserve_holds_credits_and_refuses_more_than_the_balance_with_402():
    customer = funded_user_make(100)
    job = _job(customer)
    credits_reserve(user=customer, amount=60, job=job)
    account = _account(customer)
    assert (account.balance, account.reserved) == (40, 60)
    job.refresh_from_db()
    assert job.reserved_credits == 60
    with pytest.raises(InsufficientCredits) as refused:
        credits_reserve(user=customer, amount=41, job=_job(customer))
    assert refused.value.status_code == 402 and refused.value.code == "insufficient_credits"
    assert _account(customer).balance == 40
    assert_ledger_adds_up(customer)


def test_settle_below_the_reservation_gives_the_difference_back():
    customer = funded_user_make(100)
    job = _job(customer)
    credits_reserve(user=customer, amount=30, job=job)
    job = credits_settle(job=job, cost=12)
    account = _account(customer)
    assert (job.cost, job.settled, account.balance, account.reserved) == (12, True, 88, 0)
    assert account.entries.filter(kind=Kind.SETTLE, job=job).get().amount == 18
    assert_ledger_adds_up(customer)


def test_settle_above_the_reservation_charges_the_extra_up_to_what_is_left():
    user = funded_user_make(50)
    job = _job(user)
    credits_reserve(user=user, amount=40, job=job)
    job = credits_settle(job=job, cost=45)
    assert job.cost == 45 and _account(user).balance == 5
    other = _job(user)
    credits_reserve(user=user, amount=5, job=other)
    other = credits_settle(job=other, cost=20)
    assert other.cost == 5 and _account(user).balance == 0
    assert_ledger_adds_up(user)


def test_refund_gives_the_whole_reservation_back_and_a_second_settlement_changes_nothing():
    customer = funded_user_make(100)
    job = _job(customer)
    credits_reserve(user=customer, amount=25, job=job)
    job = credits_refund(job=job)
    assert job.cost == 0 and _account(customer).balance == 100
    credits_settle(job=job, cost=25)
    credits_refund(job=job)
    account = _account(customer)
    assert (account.balance, account.reserved) == (100, 0)
    assert list(account.entries.filter(job=job).values_list("kind", "amount")) == [
        (Kind.REFUND, 25),
        (Kind.RESERVE, -25),
    ]
    assert_ledger_adds_up(customer)
