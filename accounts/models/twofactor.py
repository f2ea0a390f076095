"""Backup codes for two-factor authentication, stored hashed.

django-otp's own static tokens are stored in plain text; these are not. The
TOTP device itself is django-otp's ``TOTPDevice``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class BackupCodeDevice(Device):
    """A user's set of single-use backup codes (a django-otp device)."""

    class Meta:
        verbose_name = _("backup code set")
        verbose_name_plural = _("backup code sets")


class BackupCode(models.Model):
    """One backup code: a hash, and when it was used (never reusable)."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="accounts_backupcode_unique")]

    def __str__(self) -> str:
        return f"backup code #{self.pk} ({'used' if self.used_at else 'unused'})"
