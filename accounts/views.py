"""Account pages: profile, notification preferences, addresses, API tokens, personal data."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from webox.common.errors import ApplicationError

from .forms import AccountDeleteForm, AddressForm, ApiTokenForm, NotificationPreferencesForm, ProfileForm
from .services import (
    AddressDefault,
    address_create,
    address_delete,
    address_set_default,
    address_update,
    api_token_create,
    api_token_revoke,
    user_delete_account,
    user_export_data,
    user_update_notification_preferences,
    user_update_profile,
)
from .verification import user_email_verified


def _add_errors(form, exc: ApplicationError, *, field: str | None = None) -> None:
    """Show a service's refusal on the form: on its fields when it names them, else on ``field``."""
    fields = exc.extra.get("fields") or {}
    for name, errors in fields.items():
        form.add_error(name if name in form.fields else None, errors)
    if not fields:
        form.add_error(field, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def account_view(request: HttpRequest) -> HttpResponse:
    """Show the account hub and save the profile form (name, phone, language, avatar)."""
    user = request.user
    initial = {"display_name": user.display_name, "phone": user.phone, "preferred_language": user.preferred_language}
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_update_profile(user=user, **form.cleaned_data)
        except ApplicationError as exc:
            _add_errors(form, exc, field="avatar")
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:account")
    context = {"form": form, "email_verified": user_email_verified(user), "addresses": user.addresses.all()[:2]}
    return render(request, "accounts/account.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def notifications_view(request: HttpRequest) -> HttpResponse:
    """Show and save which notifications arrive on the site and by email."""
    form = NotificationPreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_notification_preferences(user=request.user, preferences=form.preferences())
        messages.success(request, _("Your notification preferences have been saved."))
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})


@login_required
def address_list_view(request: HttpRequest) -> HttpResponse:
    """List the user's addresses, defaults first."""
    return render(request, "accounts/addresses.html", {"addresses": request.user.addresses.all()})


@login_required
@require_http_methods(["GET", "POST"])
def address_create_view(request: HttpRequest) -> HttpResponse:
    """Add an address to the user's address book."""
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            address_create(user=request.user, data=form.cleaned_data)
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The address has been added."))
            return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def address_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one of the user's own addresses (anyone else's is a 404)."""
    address = get_object_or_404(request.user.addresses, pk=pk)
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        try:
            address_update(address=address, data=form.cleaned_data)
        except ApplicationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The address has been saved."))
            return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form, "address": address})


@login_required
@require_http_methods(["GET", "POST"])
def address_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, then delete one of the user's own addresses."""
    address = get_object_or_404(request.user.addresses, pk=pk)
    if request.method == "POST":
        address_delete(address=address)
        messages.success(request, _("The address has been deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address})


@login_required
@require_POST
def address_default_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one of the user's own addresses the default for shipping or billing."""
    address = get_object_or_404(request.user.addresses, pk=pk)
    try:
        kind = AddressDefault(request.POST.get("kind", ""))
    except ValueError:
        return HttpResponse(status=400)
    address_set_default(address=address, kind=kind)
    messages.success(request, _("The default address has been changed."))
    return redirect("accounts:addresses")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens_view(request: HttpRequest) -> HttpResponse:
    """List personal API tokens and create one; a new key is shown on this response only."""
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = api_token_create(user=request.user, request=request, **form.cleaned_data)
        form = ApiTokenForm()
    context = {"form": form, "issued": issued, "tokens": request.user.api_tokens.order_by("-created_at")}
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (anyone else's is a 404)."""
    api_token_revoke(token=get_object_or_404(request.user.api_tokens, pk=pk), request=request)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:tokens")


@login_required
def privacy_view(request: HttpRequest) -> HttpResponse:
    """Explain what the user can do with their data: download it, delete the account."""
    return render(request, "accounts/privacy.html", {"delete_form": AccountDeleteForm()})


@never_cache
@login_required
@require_POST
def privacy_export_view(request: HttpRequest) -> HttpResponse:
    """Send all of the user's data as a JSON download."""
    data = user_export_data(user=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"webox-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    """Delete the account once the password is given, then end the session."""
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete_account(user=request.user, password=form.cleaned_data["password"], request=request)
        except ApplicationError as exc:
            form.add_error("password", exc.message)
        else:
            request.session.flush()
            request.user = AnonymousUser()
            messages.success(request, _("Your account has been deleted."))
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)
