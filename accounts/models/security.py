"""The security audit log: append-only, one row per security-relevant event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """Something that matters for an account's security happened (login, 2FA change, lockout...)."""

    class Type(models.TextChoices):
        LOGIN_SUCCESS = "login_success", _("Login")
        LOGIN_FAILURE = "login_failure", _("Failed login")
        LOGIN_LOCKED = "login_locked", _("Login locked out")
        LOGOUT = "logout", _("Logout")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGED = "email_changed", _("Email changed")
        EMAIL_VERIFIED = "email_verified", _("Email verified")
        TWO_FACTOR_ENABLED = "2fa_enabled", _("Two-factor authentication enabled")
        TWO_FACTOR_DISABLED = "2fa_disabled", _("Two-factor authentication disabled")
        TWO_FACTOR_FAILURE = "2fa_failure", _("Wrong two-factor code")
        BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
        BACKUP_CODES_REGENERATED = "backup_codes_regenerated", _("Backup codes regenerated")
        RATE_LIMITED = "rate_limited", _("Rate limit hit")
        NEW_DEVICE = "new_device", _("Login from a new device")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        ACCOUNT_EXPORTED = "account_exported", _("Personal data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        STAFF_CHANGE = "staff_change", _("Changed by staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events"
    )
    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="accounts_secevent_user_idx"),
            models.Index(fields=["type", "-created_at"], name="accounts_secevent_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.user or '-'} · {self.created_at:%Y-%m-%d %H:%M}"
