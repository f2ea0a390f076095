"""The AI studio's reactions to lower apps: credits of paid credit packs, the sign-up bonus, account deletion."""

from allauth.account import signals as allauth_signals
from django.conf import settings
from django.dispatch import receiver

from accounts.models import User
from accounts.signals import user_deleting
from orders.signals import order_paid

from .services import credits_claim_order, credits_signup_bonus, job_results_erase


@receiver(order_paid, dispatch_uid="ai_studio.credits.order_paid")
def _order_paid(sender, order, **kwargs) -> None:
    """Grant the credits of the order's credit packs (once, however often the signal arrives)."""
    credits_claim_order(order=order)


@receiver(allauth_signals.email_confirmed, dispatch_uid="ai_studio.credits.signup_bonus")
def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    """Grant the sign-up bonus when the user verifies an email address (once per user)."""
    credits_signup_bonus(user=email_address.user, amount=settings.AI_SIGNUP_BONUS_CREDITS)


@receiver(user_deleting, sender=User, dispatch_uid="ai_studio.results.user_deleting")
def _user_deleting(sender, user, **kwargs) -> None:
    """Erase the files of the user's generations (their rows go with the user)."""
    job_results_erase(user=user)
