"""allauth's account views that take a secret or send an email, behind WEBOX's strict tier.

Included under ``accounts/`` before ``allauth.urls``, with allauth's own paths and
names, so that these patterns win and ``reverse()`` is unchanged. Only writes
(POST) are counted: showing a form is free.
"""

from allauth.account import views
from django.http import HttpRequest
from django.urls import path, re_path

from webox.common.ratelimits import account_from_request, ratelimit_tier


def _reset_key_account(request: HttpRequest) -> str | None:
    """Count a password reset link's attempts per account (the link's user id)."""
    uidb36 = request.resolver_match.kwargs.get("uidb36") if request.resolver_match else None
    return f"reset:{uidb36}" if uidb36 else account_from_request(request)


def _strict(view, scope: str, account=None):
    return ratelimit_tier("strict", scope=scope, account=account)(view)


urlpatterns = [
    path("login/", _strict(views.login, "login"), name="account_login"),
    path("signup/", _strict(views.signup, "signup"), name="account_signup"),
    path("reauthenticate/", _strict(views.reauthenticate, "reauthenticate"), name="account_reauthenticate"),
    # Adding, re-sending the verification of, or removing an address.
    path("email/", _strict(views.email, "email"), name="account_email"),
    path("password/change/", _strict(views.password_change, "password_change"), name="account_change_password"),
    path("password/reset/", _strict(views.password_reset, "password_reset"), name="account_reset_password"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        _strict(views.password_reset_from_key, "password_reset_from_key", account=_reset_key_account),
        name="account_reset_password_from_key",
    ),
]
