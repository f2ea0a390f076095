"""Template context of notifications shared by every page: the header bell's unread count."""

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest

from .selectors import notification_unread_count


class _UnreadCount:
    """The signed-in user's unread count, read on first use in a template (one query), then remembered.

    Templates call callables when they resolve a variable, so a page that does
    not show the bell costs no query, and an anonymous visitor none at all.
    """

    def __init__(self, request: HttpRequest):
        self.request = request
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            user = getattr(self.request, "user", None)
            authenticated = user is not None and user.is_authenticated
            self.value = notification_unread_count(user=user) if authenticated else 0
        return self.value


def unread_count(request: HttpRequest) -> dict:
    """Expose ``notifications_unread`` (the bell's count, no query until a template shows it) and
    ``notifications_live``: whether the page opens the live socket.

    A page served by an ASGI server always does (that server answers ``/ws/`` too);
    a page served over WSGI does when ``settings.NOTIFICATIONS_LIVE`` says that
    ``/ws/`` goes to ASGI workers (production's proxy; off in tests, whose
    ``live_server`` is WSGI-only).
    """
    live = settings.NOTIFICATIONS_LIVE or isinstance(request, ASGIRequest)
    return {"notifications_unread": _UnreadCount(request), "notifications_live": live}
