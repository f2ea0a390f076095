"""Notifications in the back office: read-only, to answer "did the customer get told?"."""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "on_site", "emailed_at"]
    list_filter = ["kind", "on_site", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    readonly_fields = ["user", "kind", "title", "body", "url", "created_at", "read_at", "on_site", "emailed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
