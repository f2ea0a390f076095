"""The contact form: store a visitor's message, email them and staff, and turn it into a ticket on request."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from webox.common.errors import ApplicationError

from ..errors import SupportErrorCode
from ..models import ContactMessage, Ticket
from .tickets import ticket_create


def contact_message_create(
    *, name: str, email: str, subject: str, message: str, website: str = "", ip: str | None = None, language: str = "fr"
) -> ContactMessage:
    """Store a contact message and email the acknowledgement and staff after commit.

    ``website`` is the honeypot: a person never sees it, so a value means a robot filled the form.
    """
    if (website or "").strip():
        raise ApplicationError(
            _("Your message could not be sent."),
            code=SupportErrorCode.SPAM_DETECTED,
            extra={"fields": {"website": [_("Leave this field empty.")]}},
        )
    from ..tasks import contact_message_emails_task  # the task module imports these services

    with transaction.atomic():
        contact = ContactMessage.objects.create(
            name=name.strip()[:120],
            email=email.strip(),
            subject=subject.strip()[:200],
            message=message.strip(),
            ip=ip or None,
            language=language,
        )
        contact_id = contact.pk
        transaction.on_commit(lambda: contact_message_emails_task.delay(contact_id))
    return contact


def _customer_for(contact: ContactMessage):
    """Return the account of the message's address, creating one (no password yet) when there is none."""
    user = User.objects.filter(email__iexact=contact.email).first()
    if user is None:
        user = User.objects.create_user(
            email=contact.email, password=None, display_name=contact.name[:80], preferred_language=contact.language
        )
    return user


def contact_message_to_ticket(*, contact: ContactMessage, actor=None) -> Ticket:
    """Open a ticket from a contact message for its sender's account (created if needed); a second call returns it."""
    with transaction.atomic():
        locked = ContactMessage.objects.select_for_update().get(pk=contact.pk)
        if locked.ticket_id:
            return locked.ticket
        ticket = ticket_create(
            customer=_customer_for(locked),
            subject=locked.subject,
            category=Ticket.Category.OTHER,
            body=locked.message,
            language=locked.language,
        )
        locked.ticket = ticket
        locked.save(update_fields=["ticket", "updated_at"])
    contact.ticket = ticket
    return ticket
