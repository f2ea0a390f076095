"""Alerts in the back office: read-only records; "resolve" goes through the service."""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from webox.common.errors import ApplicationError

from .models import Alert
from .services import alert_resolve


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "rule",
        "severity",
        "value",
        "threshold",
        "first_seen",
        "last_seen",
        "resolved_at",
        "notification_count",
    ]
    list_filter = ["severity", "rule", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "rule", "detail"]
    date_hierarchy = "first_seen"
    readonly_fields = [field.name for field in Alert._meta.fields]
    actions = ["resolve"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)  # the list and its action only

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Resolve the selected alerts"), permissions=["change"])
    def resolve(self, request: HttpRequest, queryset) -> None:
        resolved = 0
        for alert in queryset:
            try:
                alert_resolve(alert=alert)
                resolved += 1
            except ApplicationError as exc:
                self.message_user(request, f"{alert}: {exc.message}", messages.WARNING)
        if resolved:
            self.message_user(request, _("%(count)s alerts resolved.") % {"count": resolved}, messages.SUCCESS)
