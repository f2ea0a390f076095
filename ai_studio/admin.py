"""Back office of the AI studio: credit accounts with their read-only ledger, jobs with their files, chats.

Credits move only through the services (grants, reservations, settlements);
the ledger is a record and cannot be edited here. Staff add or remove credits
on an account's page, with a reason (an ``adjust`` entry).
"""

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import selectors
from .admin_ebook import publish_ebook
from .models import AiSwitch, Conversation, CreditAccount, CreditEntry, GenerationJob, GenerationResult, Message
from .services import credits_grant


class ReadOnlyMixin:
    """No adding, editing or deleting: these rows are records."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class CreditEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = CreditEntry
    fields = ["created_at", "kind", "amount", "reason", "job", "order_line_id"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class CreditAdjustForm(forms.ModelForm):
    """Add (positive) or remove (negative) credits, with the reason the customer will read."""

    adjust_amount = forms.IntegerField(label=_("Credits to add (negative: to remove)"), required=False)
    adjust_reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    class Meta:
        model = CreditAccount
        fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("adjust_amount")
        if amount and not cleaned.get("adjust_reason", "").strip():
            self.add_error("adjust_reason", _("Say why the credits change."))
        if amount and self.instance.balance + amount < 0:
            self.add_error("adjust_amount", _("The balance cannot go below zero."))
        return cleaned


@admin.register(CreditAccount)
class CreditAccountAdmin(admin.ModelAdmin):
    form = CreditAdjustForm
    list_display = ["user", "balance", "reserved", "updated_at"]
    search_fields = ["user__email"]
    fields = ["user", "balance", "reserved", "usage", "adjust_amount", "adjust_reason"]
    readonly_fields = ["user", "balance", "reserved", "usage"]
    list_select_related = ["user"]
    inlines = [CreditEntryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("Usage per provider and model"))
    def usage(self, obj: CreditAccount) -> str:
        """Show what the account's owner generated with each provider and model, and the credits it cost."""
        rows = selectors.usage_by_model(user=obj.user)
        if not rows:
            return _("No generation yet.")
        titles = (_("Provider"), _("Model"), _("Jobs"), _("Tokens in"), _("Tokens out"), _("Credits spent"))
        head = format_html_join("", "<th>{}</th>", ((title,) for title in titles))
        keys = ("provider", "model", "jobs", "input_tokens", "output_tokens", "credits")
        body = format_html_join(
            "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((row[key],) for key in keys)),) for row in rows)
        )
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)

    def save_model(self, request: HttpRequest, obj: CreditAccount, form, change: bool) -> None:
        """Record the adjustment through the ledger (the account row itself is never saved from here)."""
        amount = form.cleaned_data.get("adjust_amount")
        if amount:
            reason = form.cleaned_data["adjust_reason"].strip()
            credits_grant(user=obj.user, amount=amount, kind=CreditEntry.Kind.ADJUST, reason=reason)


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "account", "kind", "amount", "reason", "job"]
    list_filter = ["kind"]
    search_fields = ["account__user__email", "reason"]
    list_select_related = ["account__user", "job"]
    date_hierarchy = "created_at"


class GenerationResultInline(ReadOnlyMixin, admin.TabularInline):
    model = GenerationResult
    fields = ["file", "content_type", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(GenerationJob)
class GenerationJobAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "user", "kind", "provider", "model", "status", "reserved_credits", "cost", "created_at"]
    list_filter = ["status", "kind", "provider", "model"]
    search_fields = ["user__email", "prompt"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    inlines = [GenerationResultInline]
    actions = [publish_ebook]
    fieldsets = [
        (None, {"fields": ["user", "kind", "provider", "model", "prompt", "params"]}),
        (_("Progress"), {"fields": ["status", "progress", "error", "started_at", "finished_at"]}),
        (_("Credits"), {"fields": ["reserved_credits", "cost", "settled", "input_tokens", "output_tokens"]}),
    ]


class MessageInline(ReadOnlyMixin, admin.TabularInline):
    model = Message
    fields = ["created_at", "role", "content", "input_tokens", "output_tokens", "cost"]
    readonly_fields = fields
    extra = 0


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "user", "model", "title", "updated_at"]
    list_filter = ["model"]
    search_fields = ["user__email", "title"]
    date_hierarchy = "updated_at"
    list_select_related = ["user"]
    inlines = [MessageInline]


@admin.register(AiSwitch)
class AiSwitchAdmin(admin.ModelAdmin):
    """Turn a provider or one model off (or back on) for everyone, with the reason users will read."""

    list_display = ["scope", "name", "enabled", "reason", "updated_at"]
    list_filter = ["scope", "enabled"]
    list_editable = ["enabled"]
    search_fields = ["name", "reason"]
    fields = ["scope", "name", "enabled", "reason"]
