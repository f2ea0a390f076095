"""Emails of the help desk, HTML and plain text, each in its recipient's language.

Customers hear about their tickets through ``notifications.notify`` (live and
by email); the emails here go to the Support group (new message on an
unassigned ticket, escalations) and to the contact form's sender and staff.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.groups import SUPPORT
from accounts.models import User

from .models import ContactMessage, Ticket, TicketMessage


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def absolute_url(path: str) -> str:
    """Return ``path`` on the public site (``settings.SITE_URL``)."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL.rstrip('/')}{path}"


def support_team() -> list[Recipient]:
    """Return the active members of the Support group, else the addresses of ``settings.STAFF_EMAILS``."""
    members = User.objects.filter(groups__name=SUPPORT, is_active=True).order_by("pk").distinct()
    team = [Recipient(user.email, user.preferred_language) for user in members]
    return team or [Recipient(email, settings.LANGUAGE_CODE) for email in settings.STAFF_EMAILS]


def _message(*, subject: str, template: str, context: dict, to: str) -> EmailMultiAlternatives:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    text = render_to_string(f"support/email/{template}.txt", context)
    html = render_to_string(f"support/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def _admin_url(ticket: Ticket) -> str:
    return absolute_url(reverse("admin:support_ticket_change", args=[ticket.pk]))


def staff_alert_email(*, message: TicketMessage, recipient: Recipient) -> EmailMultiAlternatives:
    """Tell a Support member that a customer wrote on a ticket nobody is assigned to."""
    ticket = message.ticket
    with translation.override(recipient.language):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Ticket %(number)s: new message from %(customer)s") % {
            "number": ticket.number,
            "customer": ticket.customer.email,
        }
        context = {"ticket": ticket, "message": message, "ticket_url": _admin_url(ticket)}
        return _message(subject=subject, template="staff_alert", context=context, to=recipient.email)


def escalation_email(*, tickets: list[Ticket], recipient: Recipient) -> EmailMultiAlternatives:
    """List the tickets that just passed one of their service-level due dates."""
    with translation.override(recipient.language):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("%(count)s overdue support tickets") % {
            "count": len(tickets)
        }
        rows = [{"ticket": ticket, "url": _admin_url(ticket)} for ticket in tickets]
        queue_url = absolute_url(reverse("admin:support_ticket_changelist") + "?queue=overdue")
        context = {"rows": rows, "queue_url": queue_url}
        return _message(subject=subject, template="escalation", context=context, to=recipient.email)


def contact_ack_email(*, contact: ContactMessage) -> EmailMultiAlternatives:
    """Confirm to a visitor that their message arrived."""
    with translation.override(contact.language):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("We received your message")
        context = {"contact": contact, "faq_url": absolute_url(reverse("support:faq"))}
        return _message(subject=subject, template="contact_ack", context=context, to=contact.email)


def contact_staff_email(*, contact: ContactMessage, recipient: Recipient) -> EmailMultiAlternatives:
    """Pass a contact message on to staff, with a link to it in the back office."""
    with translation.override(recipient.language):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Contact form: %(subject)s") % {"subject": contact.subject}
        admin_url = absolute_url(reverse("admin:support_contactmessage_change", args=[contact.pk]))
        context = {"contact": contact, "admin_url": admin_url}
        message = _message(subject=subject, template="contact_staff", context=context, to=recipient.email)
        message.reply_to = [contact.email]
        return message


def staff_recipients() -> list[Recipient]:
    """Return who reads contact messages: ``settings.STAFF_EMAILS``, else the Support group."""
    addresses = [Recipient(email, settings.LANGUAGE_CODE) for email in settings.STAFF_EMAILS]
    return addresses or support_team()
