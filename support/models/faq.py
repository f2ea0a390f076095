"""The FAQ: categories, questions in one language each, and "was this helpful?" votes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel


class FAQCategory(models.Model):
    """A heading of the FAQ, shared by every language."""

    name = models.CharField(_("name"), max_length=120, help_text=_("In the default language (French)."))
    name_en = models.CharField(
        _("name in English"), max_length=120, blank=True, help_text=_("Shown on the English FAQ; the name when empty.")
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def name_for(self, language: str) -> str:
        """Return the name to show to a reader of ``language``."""
        return self.name_en if language == "en" and self.name_en else self.name


class FAQEntry(TimeStampedModel):
    """One question and its Markdown answer, written in one language."""

    category = models.ForeignKey(
        FAQCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="entries"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    question = models.CharField(_("question"), max_length=255)
    slug = models.SlugField(_("anchor"), max_length=120, help_text=_("Used in the link to this question (#anchor)."))
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["category__position", "position", "pk"]
        indexes = [models.Index(fields=["language", "is_published"], name="support_faq_visible_idx")]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="support_faq_unique_anchor_per_language"),
            models.CheckConstraint(condition=~Q(slug=""), name="support_faq_anchor_required"),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return f"{reverse('support:faq')}#{self.slug}"


class FAQVote(models.Model):
    """One visitor's answer to "was this helpful?" for one entry, at most one per session."""

    entry = models.ForeignKey(FAQEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="votes")
    session_key = models.CharField(_("session"), max_length=64)
    helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("FAQ vote")
        verbose_name_plural = _("FAQ votes")
        constraints = [
            models.UniqueConstraint(fields=["entry", "session_key"], name="support_faq_one_vote_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {'+' if self.helpful else '-'}"
