"""Emails of accounts, written in the recipient's language (HTML and plain text)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import SecurityEvent


def _absolute(url_name: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse(url_name)}"


def new_device_email(*, event: SecurityEvent) -> EmailMultiAlternatives:
    """Build the "new sign-in to your account" email for a ``new_device`` event."""
    user = event.user
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "site_name": settings.SITE_NAME,
            "device": event.details.get("device", ""),
            "ip": event.ip,
            "when": event.created_at,
            "security_url": _absolute("accounts:security"),
            "password_url": _absolute("account_change_password"),
        }
        subject = render_to_string("accounts/email/new_device_subject.txt", context).strip()
        text = render_to_string("accounts/email/new_device_message.txt", context)
        html = render_to_string("accounts/email/new_device_message.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
