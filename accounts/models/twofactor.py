"""Backup codes for two-factor authentication, stored hashed.

django-otp's own static tokens are stored in plain text; these are not. Each
code is kept as ``salt$HMAC-SHA256(SECRET_KEY, salt + code)``: a copy of the
database without the secret key reveals nothing, and checking a code compares
every candidate in constant time. The TOTP device itself is django-otp's
``TOTPDevice``.
"""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, no 1/I: easy to copy by hand
CODE_LENGTH = 10  # 10 characters of 32 symbols: 50 bits each
CODE_COUNT = 10
_HASH_SALT = "accounts.BackupCode"


def backup_code_normalize(code: str) -> str:
    """Return ``code`` as stored before hashing: upper case, without spaces or dashes."""
    return "".join(str(code).split()).replace("-", "").upper()


def backup_code_format(code: str) -> str:
    """Return a normalized code as people read it: ``ABCDE-FGHJK``."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def _code_random() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _code_digest(code: str, *, salt: str, secret: str) -> str:
    return salted_hmac(_HASH_SALT, f"{salt}{code}", secret=secret, algorithm="sha256").hexdigest()


class BackupCodeDevice(Device):
    """A user's set of single-use backup codes (a django-otp device)."""

    class Meta:
        verbose_name = _("backup code set")
        verbose_name_plural = _("backup code sets")

    def codes_replace(self) -> list[str]:
        """Replace the whole set by new codes and return them in clear: the only time they exist."""
        plain: set[str] = set()
        while len(plain) < CODE_COUNT:
            plain.add(_code_random())
        self.codes.all().delete()
        BackupCode.objects.bulk_create(BackupCode(device=self, code_hash=BackupCode.hash_make(code)) for code in plain)
        return sorted(backup_code_format(code) for code in plain)

    def codes_remaining(self) -> int:
        """Count the codes not used yet."""
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token) -> bool:
        """Accept an unused code once: the device row is locked so two requests cannot both use it."""
        candidate = backup_code_normalize(token)
        if len(candidate) != CODE_LENGTH or not set(candidate) <= set(CODE_ALPHABET):
            return False
        with transaction.atomic():
            type(self).objects.select_for_update().filter(pk=self.pk).first()
            match = None
            for code in self.codes.filter(used_at__isnull=True):
                # Check every code, even after a match: the time taken does not tell which one matched.
                if code.hash_matches(candidate) and match is None:
                    match = code
            if match is None:
                return False
            match.used_at = timezone.now()
            match.save(update_fields=["used_at"])
        return True


class BackupCode(models.Model):
    """One backup code: a salted HMAC of it, and when it was used (never reusable)."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="accounts_backupcode_unique")]

    def __str__(self) -> str:
        return f"backup code #{self.pk} ({'used' if self.used_at else 'unused'})"

    @staticmethod
    def hash_make(code: str) -> str:
        """Return ``salt$digest`` for a normalized code, keyed by the current SECRET_KEY."""
        salt = secrets.token_hex(8)
        return f"{salt}${_code_digest(code, salt=salt, secret=settings.SECRET_KEY)}"

    def hash_matches(self, code: str) -> bool:
        """Compare in constant time, under the current secret key and the fallback ones."""
        salt, _sep, digest = self.code_hash.partition("$")
        secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        matches = [constant_time_compare(_code_digest(code, salt=salt, secret=key), digest) for key in secrets_in_use]
        return any(matches)
