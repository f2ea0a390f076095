"""The notification centre: the signed-in user's notifications, to read and mark read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from webox.common.errors import NotFound
from webox.common.ratelimits import ratelimit_tier

from . import selectors
from .services import notifications_mark_all_read, notifications_mark_read

NOTIFICATIONS_PAGE_SIZE = 20


@require_GET
@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    """List the user's notifications, newest first, unread ones marked, each with a "mark read" button."""
    notifications = selectors.notification_list(user=request.user)
    page = Paginator(notifications, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    unread = selectors.notification_unread_count(user=request.user)
    return render(request, "notifications/list.html", {"page_obj": page, "unread": unread})


def _back(request: HttpRequest) -> HttpResponse:
    """Redirect to the posted ``next`` when it is a local address, else to the notification centre."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
@ratelimit_tier("moderate")
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read, then go back to the page it was marked from."""
    try:
        notifications_mark_read(user=request.user, ids=[notification_id])
    except NotFound as exc:
        raise Http404 from exc
    return _back(request)


@require_POST
@login_required
@ratelimit_tier("moderate")
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    """Mark every notification read and say how many were."""
    marked = notifications_mark_all_read(user=request.user)
    if marked:
        messages.success(request, _("All your notifications are marked as read."))
    return _back(request)
