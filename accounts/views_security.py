"""The user's recent security activity (logins, password and 2FA changes, lockouts...)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.selectors import security_events_for_user


@login_required
@require_GET
def security_view(request: HttpRequest) -> HttpResponse:
    """List the signed-in user's 20 latest security events."""
    events = security_events_for_user(request.user, limit=20)
    return render(request, "accounts/security.html", {"events": events})
