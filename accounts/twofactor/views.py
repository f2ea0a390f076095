"""Pages of two-factor authentication under /accounts/2fa/: set up, verify at login, backup codes, disable."""

from base64 import b32encode
from dataclasses import dataclass

import django_otp
from allauth.account.stages import LoginStageController
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.models import Device

from accounts.middleware import PENDING_SINCE_SESSION_KEY
from accounts.models import User
from accounts.services.twofactor import (
    twofactor_backup_codes_regenerate,
    twofactor_disable,
    twofactor_setup_confirm,
    twofactor_setup_start,
    twofactor_verify,
)
from webox.common.errors import ApplicationError

from .errors import TwoFactorErrorCode
from .forms import CodeForm, DisableForm, TotpConfirmForm, backup_codes_clean
from .qr import qr_svg_data_uri
from .selectors import backup_device_get, totp_device_get_confirmed, twofactor_is_enabled
from .stages import TwoFactorStage


@dataclass(frozen=True)
class _Pending:
    """Who is waiting to give a second factor, and the allauth login to finish (None: already logged in)."""

    user: User
    stage: TwoFactorStage | None


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code that completes a login; the session is not logged in until it is right."""
    pending = _pending_get(request)
    if pending is None:
        return redirect(_next_url(request) if request.user.is_authenticated else "account_login")
    form = CodeForm(_posted(request))
    if form.is_valid():
        try:
            device = twofactor_verify(user=pending.user, code=form.cleaned_data["code"], request=request)
        except ApplicationError as error:
            return _form_invalid(request, "accounts/twofactor/verify.html", form, error)
        return _verified_response(request, pending, device)
    return render(request, "accounts/twofactor/verify.html", {"form": form, "next": _next_param(request)})


@login_required
@never_cache
@sensitive_post_parameters("code")
def setup(request: HttpRequest) -> HttpResponse:
    """Show the QR code and the secret of a new authenticator, and turn 2FA on with its first code."""
    if twofactor_is_enabled(user=request.user):
        messages.info(request, _("Two-factor authentication is already enabled."))
        return redirect("twofactor-manage")
    device = twofactor_setup_start(user=request.user)
    form = TotpConfirmForm(_posted(request))
    if form.is_valid():
        try:
            enabled = twofactor_setup_confirm(user=request.user, code=form.cleaned_data["code"], request=request)
        except ApplicationError as error:
            form.add_error(_error_field(error), error.message)
        else:
            update_session_auth_hash(request, request.user)
            django_otp.login(request, enabled.device)
            return _backup_codes_show(request, enabled.backup_codes)
    context = {"form": form, "secret": _secret_text(device), "qr": qr_svg_data_uri(device.config_url)}
    return render(request, "accounts/twofactor/setup.html", {**context, "next": _next_param(request)})


@login_required
@never_cache
@sensitive_post_parameters("code")
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Say how many backup codes are left; replace them all, given a current code."""
    if not twofactor_is_enabled(user=request.user):
        return redirect("twofactor-setup")
    form = CodeForm(_posted(request))
    if form.is_valid():
        try:
            codes = twofactor_backup_codes_regenerate(
                user=request.user, code=form.cleaned_data["code"], request=request
            )
        except ApplicationError as error:
            form.add_error(_error_field(error), error.message)
        else:
            update_session_auth_hash(request, request.user)
            return _backup_codes_show(request, codes)
    remaining = backup_device_get(user=request.user)
    context = {"form": form, "remaining": remaining.codes_remaining() if remaining else 0}
    return render(request, "accounts/twofactor/backup_codes.html", context)


@login_required
@require_POST
def backup_codes_download(request: HttpRequest) -> HttpResponse:
    """Return the codes just shown as a text file; they are stored nowhere in clear, so the page sends them."""
    codes = backup_codes_clean(request.POST.getlist("codes"))
    if codes is None:
        return HttpResponseBadRequest(_("These are not backup codes."), content_type="text/plain; charset=utf-8")
    lines = [
        _("WEBOX backup codes for %(email)s") % {"email": request.user.email},
        _("Each code works once. Keep this file somewhere safe."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="webox-backup-codes.txt"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@sensitive_post_parameters("password", "code")
def disable(request: HttpRequest) -> HttpResponse:
    """Turn 2FA off, given the password and a current code."""
    if not twofactor_is_enabled(user=request.user):
        return redirect("twofactor-manage")
    form = DisableForm(_posted(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            twofactor_disable(user=request.user, password=data["password"], code=data["code"], request=request)
        except ApplicationError as error:
            form.add_error(_error_field(error), error.message)
        else:
            update_session_auth_hash(request, request.user)
            request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Two-factor authentication is disabled."))
            return redirect("twofactor-manage")
    return render(request, "accounts/twofactor/disable.html", {"form": form})


@login_required
@never_cache
def manage(request: HttpRequest) -> HttpResponse:
    """Show whether 2FA is on, how many backup codes are left, and the ways to change it."""
    device = totp_device_get_confirmed(user=request.user)
    backup = backup_device_get(user=request.user) if device else None
    context = {"device": device, "remaining": backup.codes_remaining() if backup else 0}
    return render(request, "accounts/twofactor/manage.html", context)


def ratelimit_account(request: HttpRequest) -> str | None:
    """Name the account a 2FA page acts on for the rate limits: the signed-in or the pending user."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    pending = _pending_get(request)
    return f"user:{pending.user.pk}" if pending else None


def _pending_get(request: HttpRequest) -> _Pending | None:
    """Return the login waiting for a second factor: allauth's pending login, or a password-only session."""
    user = request.user
    if not user.is_authenticated:
        stage = LoginStageController.enter(request, TwoFactorStage.key)
        return _Pending(user=stage.login.user, stage=stage) if stage and stage.login.user else None
    if not user.is_verified() and twofactor_is_enabled(user=user):
        return _Pending(user=user, stage=None)
    return None


def _verified_response(request: HttpRequest, pending: _Pending, device: Device) -> HttpResponse:
    """Finish the login (allauth logs the user in), mark the session verified and give it a new key."""
    response = pending.stage.exit() if pending.stage else redirect(_next_url(request))
    django_otp.login(request, device)
    request.session.cycle_key()
    request.session.pop(PENDING_SINCE_SESSION_KEY, None)
    return response


def _backup_codes_show(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """Render the new backup codes: this response is the only place they ever appear."""
    context = {"codes": codes, "next": _next_url(request, default="twofactor-manage")}
    return render(request, "accounts/twofactor/backup_codes_show.html", context)


def _form_invalid(request: HttpRequest, template: str, form, error: ApplicationError) -> HttpResponse:
    form.add_error(_error_field(error), error.message)
    context = {"form": form, "next": _next_param(request)}
    return render(request, template, context, status=429 if error.status_code == 429 else 200)


def _error_field(error: ApplicationError) -> str | None:
    if error.code == TwoFactorErrorCode.PASSWORD_INVALID:
        return "password"
    return None if error.code == TwoFactorErrorCode.THROTTLED else "code"


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _next_param(request: HttpRequest) -> str:
    """Return the ``next`` address given to this page when it is safe to send the user there, else ``""``."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if safe else ""


def _next_url(request: HttpRequest, *, default: str = "home") -> str:
    return _next_param(request) or resolve_url(default)


def _secret_text(device) -> str:
    """Return the base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
