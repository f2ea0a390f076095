"""Back office of the help desk: the ticket queue with its SLA timers, replies and notes, contact messages, FAQ."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from webox.common.errors import ApplicationError

from .admin_forms import StaffReplyForm
from .models import CannedReply, ContactMessage, FAQCategory, FAQEntry, Ticket, TicketMessage
from .services import (
    contact_message_to_ticket,
    ticket_assign,
    ticket_reply,
    ticket_set_category,
    ticket_set_priority,
    ticket_transition,
)

Status = Ticket.Status


def overdue_q(now) -> Q:
    """Match open tickets past their first-response or resolution due date."""
    late_answer = Q(first_response_at=None, first_response_due_at__lt=now)
    return Q(status=Status.OPEN) & (late_answer | Q(resolution_due_at__lt=now))


class QueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("unassigned", _("Unassigned")), ("mine", _("Assigned to me")), ("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "unassigned":
            return queryset.filter(assignee=None).exclude(status=Status.CLOSED)
        if self.value() == "mine":
            return queryset.filter(assignee=request.user)
        if self.value() == "overdue":
            return queryset.filter(overdue_q(timezone.now()))
        return queryset


class TicketMessageInline(admin.StackedInline):
    model = TicketMessage
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "from_staff", "is_internal", "body", "files"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("attachments"))
    def files(self, message: TicketMessage):
        return format_html_join(
            ", ", '<a href="{}">{}</a>', ((a.get_absolute_url(), a.original_name) for a in message.attachments.all())
        )


def _move_action(to_status: str, label):
    def action(modeladmin, request, queryset):
        moved = 0
        for ticket in queryset:
            try:
                ticket_transition(ticket=ticket, to_status=to_status, actor=request.user)
                moved += 1
            except ApplicationError as exc:
                modeladmin.message_user(request, f"{ticket}: {exc.message}", messages.WARNING)
        modeladmin.message_user(request, _("%(count)s tickets updated.") % {"count": moved})

    action.__name__ = f"mark_{to_status}"
    return admin.action(description=label)(action)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    change_form_template = "admin/support/ticket/change_form.html"
    list_display = ["number", "subject", "customer", "category", "priority", "status", "assignee", "sla", "created_at"]
    list_filter = [QueueFilter, "status", "priority", "category"]
    list_select_related = ["customer", "assignee"]
    search_fields = ["number", "subject", "customer__email", "order__number"]
    date_hierarchy = "created_at"
    fields = ["number", "customer", "subject", "order", "category", "priority", "assignee", "status", "sla_dates",
              "rating", "rating_comment"]  # fmt: skip
    readonly_fields = ["number", "customer", "subject", "order", "status", "sla_dates", "rating", "rating_comment"]
    inlines = [TicketMessageInline]
    actions = [
        "assign_to_me",
        _move_action(Status.PENDING, gettext_lazy("Mark as waiting for the customer")),
        _move_action(Status.RESOLVED, gettext_lazy("Mark as resolved")),
        _move_action(Status.CLOSED, gettext_lazy("Close")),
        _move_action(Status.OPEN, gettext_lazy("Reopen")),
    ]

    class Media:
        css = {"all": ["support/admin.css"]}

    def has_add_permission(self, request):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only staff members as assignees: a short list, without the customers."""
        if db_field.name == "assignee":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("SLA"))
    def sla(self, ticket: Ticket):
        if ticket.is_overdue():
            return format_html('<strong class="sla-overdue">{}</strong>', _("Overdue"))
        due = ticket.first_response_due_at if ticket.first_response_at is None else ticket.resolution_due_at
        return due if ticket.status == Status.OPEN else "—"

    @admin.display(description=gettext_lazy("due dates"))
    def sla_dates(self, ticket: Ticket):
        return format_html(
            "{}: {} · {}: {}",
            _("first response"),
            ticket.first_response_at or ticket.first_response_due_at,
            _("resolution"),
            ticket.resolved_at or ticket.resolution_due_at,
        )

    @admin.action(description=gettext_lazy("Assign to me"))
    def assign_to_me(self, request, queryset):
        for ticket in queryset:
            ticket_assign(ticket=ticket, assignee=request.user, actor=request.user)
        self.message_user(request, _("%(count)s tickets assigned to you.") % {"count": queryset.count()})

    def save_model(self, request, obj, form, change):
        if "priority" in form.changed_data:
            ticket_set_priority(ticket=obj, priority=form.cleaned_data["priority"])
        if "assignee" in form.changed_data:
            ticket_assign(ticket=obj, assignee=form.cleaned_data["assignee"], actor=request.user)
        if "category" in form.changed_data:
            ticket_set_category(ticket=obj, category=form.cleaned_data["category"])

    def get_urls(self):
        reply = self.admin_site.admin_view(self.reply_view)
        return [path("<int:pk>/reply/", reply, name="support_ticket_reply"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "reply_form": StaffReplyForm()}
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def reply_view(self, request: HttpRequest, pk: int):
        """Post a staff reply or internal note through ``ticket_reply``, then maybe change the status."""
        ticket = get_object_or_404(Ticket, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, ticket):
            raise Http404
        form = StaffReplyForm(request.POST, request.FILES)
        change_url = reverse("admin:support_ticket_change", args=[ticket.pk])
        if form.is_valid():
            try:
                self._reply(request, ticket, form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("Your reply was saved."))
                return HttpResponseRedirect(change_url)
        context = {**self.admin_site.each_context(request), "form": form, "ticket": ticket, "change_url": change_url}
        return render(request, "admin/support/ticket/reply.html", context, status=400)

    def _reply(self, request, ticket: Ticket, data: dict) -> None:
        ticket_reply(
            ticket=ticket,
            author=request.user,
            body=data["text"],
            is_internal=data["is_internal"],
            attachments=data["attachments"],
        )
        if data["status"] and data["status"] != Ticket.objects.get(pk=ticket.pk).status:
            ticket_transition(ticket=ticket, to_status=data["status"], actor=request.user)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "created_at", "ticket"]
    list_filter = [("ticket", admin.EmptyFieldListFilter), "language"]
    list_select_related = ["ticket"]
    search_fields = ["name", "email", "subject", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email", "subject", "message", "ip", "language", "ticket", "created_at"]
    fields = readonly_fields
    actions = ["turn_into_ticket"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Turn into a ticket"))
    def turn_into_ticket(self, request, queryset):
        for contact in queryset:
            ticket = contact_message_to_ticket(contact=contact, actor=request.user)
            self.message_user(request, _("%(contact)s → ticket %(number)s") % {"contact": contact, "number": ticket})


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title"]
    search_fields = ["title", "body"]


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    extra = 0
    fields = ["language", "question", "slug", "answer", "position", "is_published"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(FAQCategory)
class FAQCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FAQEntryInline]


@admin.register(FAQEntry)
class FAQEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "language", "position", "is_published", "helpful_yes", "helpful_no"]
    list_editable = ["position", "is_published"]
    list_filter = ["language", "is_published", "category"]
    list_select_related = ["category"]
    search_fields = ["question", "answer", "slug"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["category"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("votes", filter=Q(votes__helpful=True)), no=Count("votes", filter=Q(votes__helpful=False))
            )
        )

    @admin.display(description=gettext_lazy("helpful"), ordering="yes")
    def helpful_yes(self, entry):
        return entry.yes

    @admin.display(description=gettext_lazy("not helpful"), ordering="no")
    def helpful_no(self, entry):
        return entry.no
