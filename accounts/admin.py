from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .devices import device_family
from .models import Address, ApiToken, SecurityEvent, User
from .services.audit import security_event_record


def _staff_change_record(request, user: User, *, action: str, fields: list[str] | None = None) -> None:
    """Record in the audit log that a staff member changed ``user`` in the back office."""
    details = {"action": action, "staff_id": request.user.pk, "staff_email": request.user.email}
    if fields is not None:
        details["fields"] = sorted({"password" if name.startswith("password") else name for name in fields})
    if action == "deleted":
        details.update(user_id=user.pk, email=user.email)
    security_event_record(type=SecurityEvent.Type.STAFF_CHANGE, user=user, request=request, details=details)


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0
    fields = [
        ("full_name", "company", "label"),
        ("line1", "line2"),
        ("postal_code", "city", "country"),
        "phone",
        ("is_default_shipping", "is_default_billing"),
    ]


class ApiTokenInline(admin.TabularInline):
    """Personal tokens, read-only: only the owner creates or revokes them (audited)."""

    model = ApiToken
    extra = 0
    fields = ["name", "prefix", "created_at", "last_used_at", "expires_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users by email, with their language, groups, addresses and tokens."""

    ordering = ["-date_joined"]
    list_display = ["email", "display_name", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined", "terms_accepted_at"]
    date_hierarchy = "date_joined"
    inlines = [AddressInline, ApiTokenInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language", "phone", "avatar", "terms_accepted_at"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]

    # -- Staff changes go to the security audit log -------------------------

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data or not change:
            _staff_change_record(request, obj, action="changed" if change else "added", fields=form.changed_data)

    def delete_model(self, request, obj):
        _staff_change_record(request, obj, action="deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            _staff_change_record(request, user, action="deleted")
        super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        saved = response.status_code == 302 and response.url != request.get_full_path()
        if request.method == "POST" and saved:
            user = self.get_object(request, unquote(id))
            _staff_change_record(request, user, action="changed", fields=["password"])
        return response


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security audit log, read-only: nobody adds, edits or deletes a row, staff included."""

    list_display = ["created_at", "type", "user", "ip", "device"]
    list_filter = ["type", "created_at"]
    search_fields = ["user__email", "ip"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ["created_at", "type", "user", "ip", "user_agent", "details"]
    readonly_fields = fields

    @admin.display(description=_("device"))
    def device(self, obj: SecurityEvent) -> str:
        return device_family(obj.user_agent) or "—"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
