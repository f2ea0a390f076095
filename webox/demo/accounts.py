"""Seed the three demo accounts: a customer, a blogger and a staff superuser."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group

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


def accounts_seed(*, password: str) -> dict[str, User]:
    """Create the demo accounts, or bring them back to their role and to ``password``."""
    users = {}
    for account in DEMO_ACCOUNTS:
        user = _user_seed(account, password=password)
        if account.group:
            user.groups.add(Group.objects.get_or_create(name=account.group)[0])
        _email_verify(user)
        users[account.email] = user
    return users


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
