"""Treat a password-only session of a two-factor user as not signed in, on every page and API call.

allauth's login never creates such a session (``TwoFactorStage`` asks for the
code first), but any other way of logging in (Django's ``login()`` from some
other view, a session from before a device was confirmed elsewhere) is caught
here. Install right after ``django_otp.middleware.OTPMiddleware``.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.twofactor.selectors import twofactor_is_enabled

PENDING_SINCE_SESSION_KEY = "twofactor_pending_since"
PENDING_TIMEOUT = 15 * 60


class TwoFactorMiddleware:
    """Let a session that still owes its second factor reach only the verify page, logout, static files
    and the language switch; redirect every other page to the verify page and answer the API with 401."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not password_only(request):
            return self.get_response(request)
        if _pending_expired(request):
            logout(request)  # from here on the request is anonymous
            return self.get_response(request)
        if _is_allowed(request):
            return self.get_response(request)
        return _refuse(request)


def password_only(request: HttpRequest) -> bool:
    """Say whether the request is logged in with a password but not yet with the user's second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified()) and twofactor_is_enabled(user=user)


def _pending_expired(request: HttpRequest) -> bool:
    since = request.session.setdefault(PENDING_SINCE_SESSION_KEY, time.time())
    return time.time() - since > PENDING_TIMEOUT


def _is_allowed(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith((settings.STATIC_URL, reverse("set_language"))):
        return True
    if path.startswith("/api/") and "Authorization" in request.headers:
        return True  # DRF decides: a token stands alone; a session is checked again by OTPSessionAuthentication
    return path in (reverse("twofactor-verify"), reverse("account_logout"))


def _refuse(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        detail = _("Two-factor authentication required: finish signing in with your code.")
        return JsonResponse({"code": "otp_required", "detail": detail, "fields": {}}, status=401)
    return redirect_to_login(request.get_full_path(), reverse("twofactor-verify"))
