"""Helpers for the rate-limit, lockout and audit tests: verified members and login posts."""

from datetime import UTC, datetime

from allauth.account.models import EmailAddress

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

# The English pages keep the assertions independent of the French catalogue.
LOGIN_URL = "/en/accounts/login/"
LOGOUT_URL = "/en/accounts/logout/"
# A fixed instant: counters of django-ratelimit live in fixed windows of the wall clock,
# so each counting test freezes the clock instead of hoping not to cross a window edge.
T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/142.0.0.0 Mobile Safari/537.36"
)


def member_make(**fields) -> User:
    """Return a user whose email address is verified, so that allauth lets them log in."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def login_post(client, email: str, password: str = DEFAULT_PASSWORD, **extra):
    """Post allauth's login form (``extra``: REMOTE_ADDR, HTTP_USER_AGENT, headers...)."""
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def login_errors(response) -> list[str]:
    """Return the login form's general errors as plain strings."""
    return [str(error) for error in response.context["form"].non_field_errors()]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session
