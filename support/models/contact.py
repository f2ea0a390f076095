"""Messages sent through the contact form, and the replies staff keep ready."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel


class ContactMessage(TimeStampedModel):
    """A visitor's message from the contact form; staff may turn it into a ticket."""

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    ticket = models.ForeignKey(
        "support.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_messages",
    )

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>: {self.subject}"


class CannedReply(models.Model):
    """A ready-made answer staff insert into a reply."""

    title = models.CharField(_("title"), max_length=120, unique=True)
    body = models.TextField(_("body"), help_text=_("Markdown."))

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
