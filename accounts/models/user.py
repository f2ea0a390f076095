"""The WEBOX user: the email address is the login."""

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Create users by email; look them up case-insensitively."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Lower-case the whole address: ``Ana@Example.com`` and ``ana@example.com`` are one login."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


def avatar_path(instance: "User", filename: str) -> str:
    """Store avatars under a random name: the uploaded file name is never used."""
    return f"avatars/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:5] or '.webp'}"


def new_session_stamp() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser, PermissionsMixin):
    """A customer, blogger or staff member, identified by a unique email address."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can log into the back office (with two-factor authentication).")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    notification_preferences = models.JSONField(
        _("notification preferences"),
        default=dict,
        blank=True,
        help_text=_('Per kind of notification: {"order_paid": {"site": true, "email": true}, ...}'),
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    # Changing the stamp logs out every session of the user (see get_session_auth_hash):
    # done on a password or two-factor change, keeping only the session that made it.
    session_stamp = models.CharField(max_length=32, default=new_session_stamp, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["-date_joined"]
        constraints = [
            # Emails are stored lower-cased; the database refuses any that is not.
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="accounts_user_email_lowercase"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def _get_session_auth_hash(self, secret=None) -> str:
        """Tie sessions to the password hash and the session stamp: changing either ends them."""
        value = f"{self.password}:{self.session_stamp}"
        return salted_hmac("accounts.User.session_auth_hash", value, secret=secret, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]
