"""Seed the three demo accounts: a customer, a blogger and a staff superuser.

Staff must use two-factor authentication, so the demo staff accounts get an
authenticator with a fixed, printed secret (``DEMO_TOTP_SECRET``) that a developer
adds to an app once.
"""

import binascii
import os
from base64 import b32decode
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.groups import BLOGGERS
from accounts.models import User

from .upsert import upsert


@dataclass(frozen=True)
class DemoAccount:
    """A demo login, its role (printed by seed_demo) and its rights."""

    email: str
    display_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False
    group: str = ""


CUSTOMER = DemoAccount("client@webox.test", "Léa Martin", "customer")
BLOGGER = DemoAccount(
    "blog@webox.test", "Camille Laurent", "blogger (staff, group Bloggers)", is_staff=True, group=BLOGGERS
)
ADMIN = DemoAccount("admin@webox.test", "Admin WEBOX", "staff superuser", is_staff=True, is_superuser=True)
DEMO_ACCOUNTS = (ADMIN, BLOGGER, CUSTOMER)
# Base32, 20 bytes: the key that the demo staff accounts' authenticator app shares.
DEFAULT_TOTP_SECRET = "WEBOXDEMOSTAFFTOTPSECRETKEY23456"
DEMO_DEVICE_NAME = "Demo authenticator"


def accounts_seed(*, password: str) -> dict[str, User]:
    """Create the demo accounts, or bring them back to their role and to ``password``."""
    users = {}
    for account in DEMO_ACCOUNTS:
        user = _user_seed(account, password=password)
        if account.group:
            user.groups.add(Group.objects.get_or_create(name=account.group)[0])
        _email_verify(user)
        if account.is_staff:
            _authenticator_seed(user, secret=demo_totp_secret())
        users[account.email] = user
    return users


def demo_totp_secret() -> str:
    """Return the demo staff's authenticator secret: ``DEMO_TOTP_SECRET``, else the fixed default."""
    secret = "".join((os.environ.get("DEMO_TOTP_SECRET") or DEFAULT_TOTP_SECRET).split()).upper()
    try:
        b32decode(secret)
    except binascii.Error as error:
        raise ValueError("DEMO_TOTP_SECRET must be a base32 key (letters A-Z and digits 2-7).") from error
    return secret


def demo_authenticator_urls() -> dict[str, str]:
    """Return the ``otpauth://`` address of each demo staff account's authenticator, by email."""
    devices = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, user__email__in=[a.email for a in DEMO_ACCOUNTS])
    return {device.user.email: device.config_url for device in devices.select_related("user")}


def _authenticator_seed(user: User, *, secret: str) -> None:
    """Give a staff account a confirmed authenticator with the demo secret."""
    values = {"key": b32decode(secret).hex(), "confirmed": True}
    upsert(TOTPDevice, lookup={"user_id": user.pk, "name": DEMO_DEVICE_NAME}, values=values)


def _user_seed(account: DemoAccount, *, password: str) -> User:
    values = {
        "display_name": account.display_name,
        "is_staff": account.is_staff,
        "is_superuser": account.is_superuser,
        "is_active": True,
    }
    if not User.objects.filter(email=account.email).exists():
        return User.objects.create_user(account.email, password, **values)
    user = upsert(User, lookup={"email": account.email}, values=values)[0]
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _email_verify(user: User) -> None:
    """Mark the address verified and primary for allauth, when allauth is installed."""
    if not apps.is_installed("allauth.account"):
        return
    from allauth.account.models import EmailAddress

    upsert(EmailAddress, lookup={"user_id": user.pk, "email": user.email}, values={"verified": True, "primary": True})
