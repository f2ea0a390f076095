"""The notification email, written in the recipient's language (HTML and plain text)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Notification


def _absolute(path: str) -> str:
    """Return ``path`` as a full address on the site (already-absolute addresses are kept)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def notification_email(*, notification: Notification) -> EmailMultiAlternatives:
    """Build the email of ``notification``: its title as the subject, its text and a link."""
    user = notification.user
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "site_name": settings.SITE_NAME,
            "notification": notification,
            "link": _absolute(notification.url) if notification.url else "",
            "centre_url": _absolute(reverse("notifications:list")),
            "preferences_url": _absolute(reverse("accounts:notifications")),
        }
        text = render_to_string("notifications/email/notification_message.txt", context)
        html = render_to_string("notifications/email/notification_message.html", context)
    subject = " ".join(f"{settings.SITE_NAME} · {notification.title}".split())
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
