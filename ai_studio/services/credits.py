"""AI credits: an append-only ledger whose sum is the account's balance, changed only under a row lock.

A job reserves its estimated cost when it is queued (``credits_reserve``), then
either settles on its real cost (``credits_settle``: the difference goes back,
or the extra is charged up to what is left) or gets the reservation back
(``credits_refund``). The balance never goes negative.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from orders.models import CreditGrant

from ..errors import InsufficientCredits
from ..events import low_credits_watch
from ..models import CreditAccount, CreditEntry, GenerationJob

Kind = CreditEntry.Kind
SIGNUP_BONUS_REASON = gettext_noop("Sign-up bonus")
PURCHASE_REASON = gettext_noop("Credit pack bought in the shop")


def credit_account_get(*, user) -> CreditAccount:
    """Return the user's credit account, opening it (empty) on first use."""
    account, _created = CreditAccount.objects.get_or_create(user=user)
    return account


def _account_locked(user_id: int) -> CreditAccount:
    account, _created = CreditAccount.objects.get_or_create(user_id=user_id)
    return CreditAccount.objects.select_for_update().get(pk=account.pk)


def _job_locked(job: GenerationJob) -> GenerationJob:
    return GenerationJob.objects.select_for_update().get(pk=job.pk)


def _entry_add(account: CreditAccount, *, kind: str, amount: int, reason: str = "", job=None, order_line_id=None):
    """Move ``amount`` credits on the locked ``account`` and record the movement."""
    account.balance += amount
    account.save(update_fields=["balance", "reserved", "updated_at"])
    return CreditEntry.objects.create(
        account=account, kind=kind, amount=amount, reason=reason, job=job, order_line_id=order_line_id
    )


def credits_grant(*, user, amount: int, kind: str = Kind.GRANT, reason: str = "", order_line_id: int | None = None):
    """Add ``amount`` credits (negative: remove, staff ``adjust`` only); return the ledger entry.

    A grant for an order line is made once: granting it again returns the first entry.
    """
    if amount == 0 or (amount < 0 and kind != Kind.ADJUST):
        raise ValueError("credits_grant needs a positive amount (or a negative adjustment)")
    with transaction.atomic():
        account = _account_locked(user.pk)
        if order_line_id is not None:
            existing = CreditEntry.objects.filter(order_line_id=order_line_id).first()
            if existing is not None:
                return existing
        if account.balance + amount < 0:
            raise InsufficientCredits(_("The balance cannot go below zero."))
        return _entry_add(account, kind=kind, amount=amount, reason=reason, order_line_id=order_line_id)


def credits_signup_bonus(*, user, amount: int) -> CreditEntry | None:
    """Grant the sign-up bonus once per user; return its entry (None when already given or zero)."""
    if amount <= 0:
        return None
    with transaction.atomic():
        account = _account_locked(user.pk)
        if account.entries.filter(kind=Kind.BONUS, reason=SIGNUP_BONUS_REASON).exists():
            return None
        return _entry_add(account, kind=Kind.BONUS, amount=amount, reason=SIGNUP_BONUS_REASON)


def credits_reserve(*, user, amount: int, job: GenerationJob) -> CreditEntry:
    """Hold ``amount`` credits for ``job``; raise ``InsufficientCredits`` (402) when the balance is short."""
    with transaction.atomic():
        account = _account_locked(user.pk)
        if account.balance < amount:
            raise InsufficientCredits(
                _("Not enough credits: this generation needs %(needed)d, your balance is %(balance)d.")
                % {"needed": amount, "balance": account.balance}
            )
        account.reserved += amount
        entry = _entry_add(account, kind=Kind.RESERVE, amount=-amount, job=job)
        job.reserved_credits = amount
        job.save(update_fields=["reserved_credits", "updated_at"])
        low_credits_watch(user=user, before=account.balance + amount, after=account.balance)
        return entry


def _release(job: GenerationJob) -> CreditAccount:
    """Lock the job's account and take the job's reservation off ``reserved``."""
    account = _account_locked(job.user_id)
    account.reserved -= job.reserved_credits
    return account


def _close(job: GenerationJob, *, cost: int) -> GenerationJob:
    job.cost, job.settled = cost, True
    job.save(update_fields=["cost", "settled", "updated_at"])
    return job


def credits_settle(*, job: GenerationJob, cost: int) -> GenerationJob:
    """Charge ``job`` its real ``cost``: give back the unused reservation, or charge the extra up to what is left."""
    with transaction.atomic():
        job = _job_locked(job)
        if job.settled:
            return job
        account = _release(job)
        held = job.reserved_credits
        if cost <= held:
            if held - cost:
                _entry_add(account, kind=Kind.SETTLE, amount=held - cost, job=job)
            else:
                account.save(update_fields=["reserved", "updated_at"])
            return _close(job, cost=cost)
        extra = min(cost - held, account.balance)
        if extra:
            _entry_add(account, kind=Kind.SETTLE, amount=-extra, job=job)
            low_credits_watch(user=job.user, before=account.balance + extra, after=account.balance)
        else:
            account.save(update_fields=["reserved", "updated_at"])
        return _close(job, cost=held + extra)


def credits_refund(*, job: GenerationJob) -> GenerationJob:
    """Give ``job``'s whole reservation back (a failed or cancelled job costs nothing)."""
    with transaction.atomic():
        job = _job_locked(job)
        if job.settled:
            return job
        account = _release(job)
        if job.reserved_credits:
            _entry_add(account, kind=Kind.REFUND, amount=job.reserved_credits, job=job)
        else:
            account.save(update_fields=["reserved", "updated_at"])
        return _close(job, cost=0)


def credits_claim_order(*, order) -> list[CreditEntry]:
    """Turn the unclaimed credit grants of a paid ``order`` into purchases, each exactly once."""
    entries = []
    with transaction.atomic():
        grants = CreditGrant.objects.select_for_update(of=("self",)).filter(
            line__order=order, claimed_at__isnull=True, user__isnull=False
        )
        for grant in grants:
            entries.append(
                credits_grant(
                    user=grant.user,
                    amount=grant.credits,
                    kind=Kind.PURCHASE,
                    reason=PURCHASE_REASON,
                    order_line_id=grant.line_id,
                )
            )
            grant.claimed_at = timezone.now()
            grant.save(update_fields=["claimed_at"])
    return entries
