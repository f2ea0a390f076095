"""The users' back office, used by accounts/admin.py: list filters, actions (through the services), page links.

The links lead to other apps' changelists by URL name only (``admin:<app>_<model>_changelist``
filtered by the user), so accounts imports nothing from the apps above it.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import User
from .services import user_deactivate, user_twofactor_reset, user_verification_resend


def users_annotate_security(queryset: QuerySet[User]) -> QuerySet[User]:
    """Annotate ``email_verified`` and ``twofactor_enabled`` (one subquery each, no query per row)."""
    from allauth.account.models import EmailAddress
    from django_otp.plugins.otp_totp.models import TOTPDevice

    verified = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True)
    device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return queryset.annotate(email_verified=Exists(verified), twofactor_enabled=Exists(device))


class _YesNoFilter(admin.SimpleListFilter):
    """Filter on a boolean annotation set by ``users_annotate_security``."""

    annotation = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.annotation: self.value() == "yes"})
        return queryset


class EmailVerifiedFilter(_YesNoFilter):
    title = gettext_lazy("email verified")
    parameter_name = "email_verified"
    annotation = "email_verified"


class TwoFactorFilter(_YesNoFilter):
    title = gettext_lazy("two-factor authentication")
    parameter_name = "twofactor"
    annotation = "twofactor_enabled"


def _report(modeladmin, request: HttpRequest, done: int, skipped: int, done_text: str) -> None:
    modeladmin.message_user(request, done_text % {"count": done}, messages.SUCCESS if done else messages.INFO)
    if skipped:
        text = ngettext("%(count)d account left as it was.", "%(count)d accounts left as they were.", skipped)
        modeladmin.message_user(request, text % {"count": skipped}, messages.WARNING)


@admin.action(description=gettext_lazy("Deactivate the selected accounts"), permissions=["change"])
def deactivate_users(modeladmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    """Deactivate the accounts (their sessions end), never the staff member's own."""
    done = skipped = 0
    for user in queryset.order_by("pk"):
        changed = user.pk != request.user.pk and user_deactivate(user=user, actor=request.user, request=request)
        done, skipped = (done + 1, skipped) if changed else (done, skipped + 1)
    _report(modeladmin, request, done, skipped, _("%(count)d account(s) deactivated."))


@admin.action(description=gettext_lazy("Reset two-factor authentication (lost phone)"), permissions=["change"])
def reset_twofactor(modeladmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    """Remove the authenticator and backup codes of the accounts; the audit log records who did it."""
    done = skipped = 0
    for user in queryset.order_by("pk"):
        changed = user_twofactor_reset(user=user, actor=request.user, request=request)
        done, skipped = (done + 1, skipped) if changed else (done, skipped + 1)
    _report(modeladmin, request, done, skipped, _("Two-factor authentication reset for %(count)d account(s)."))


@admin.action(description=gettext_lazy("Resend the verification email"), permissions=["change"])
def resend_verification(modeladmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    """Send a new verification link to the accounts whose address is not verified yet."""
    done = skipped = 0
    for user in queryset.order_by("pk"):
        sent = user_verification_resend(user=user, request=request)
        done, skipped = (done + 1, skipped) if sent else (done, skipped + 1)
    _report(modeladmin, request, done, skipped, _("Verification email sent to %(count)d account(s)."))


def _credit_account(user: User):
    try:
        return user.credit_account
    except (AttributeError, ObjectDoesNotExist):
        return None


def _user_link_specs(user: User) -> list[tuple[str, str, str, dict, object]]:
    """Return ``(label, permission, URL name, filter, related manager)`` for the user's records elsewhere."""
    pk = user.pk
    orders, tickets = getattr(user, "orders", None), getattr(user, "tickets", None)
    specs = [
        (_("Orders"), "orders.view_order", "orders_order", {"user__id__exact": pk}, orders),
        (_("Tickets"), "support.view_ticket", "support_ticket", {"customer__id__exact": pk}, tickets),
        (_("Security events"), "accounts.view_securityevent", "accounts_securityevent", {"user__id__exact": pk},
         user.security_events),
    ]  # fmt: skip
    account = _credit_account(user)
    if account is not None:
        ledger = ("ai_studio.view_creditentry", "ai_studio_creditentry", {"account__id__exact": account.pk})
        specs.append((_("AI credits ledger"), *ledger, account.entries))
    return specs


def user_related_links(user: User, *, may_view: Callable[[str], bool]) -> str:
    """Render links to the user's orders, tickets, credits and security events, each with its count.

    Only the sections the staff member may view (``may_view(permission)``) are linked.
    """
    if not user.pk:
        return "—"
    rows = []
    for label, permission, url_name, query, related in _user_link_specs(user):
        if not may_view(permission):
            continue
        try:
            url = f"{reverse(f'admin:{url_name}_changelist')}?{urlencode(query)}"
        except NoReverseMatch:  # that section is not in this back office
            continue
        rows.append((url, label, related.count() if related is not None else 0))
    account = _credit_account(user)
    if account is not None and may_view("ai_studio.view_creditaccount"):
        url = reverse("admin:ai_studio_creditaccount_change", args=[account.pk])
        rows.append((url, _("AI credits balance"), account.balance))
    return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a>: {}</li>', rows)) if rows else "—"
