from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from webox.admin_csv import CsvExportMixin

from .admin_actions import (
    EmailVerifiedFilter,
    TwoFactorFilter,
    deactivate_users,
    resend_verification,
    reset_twofactor,
    user_related_links,
    users_annotate_security,
)
from .devices import device_family
from .models import Address, ApiToken, SecurityEvent, User
from .services.audit import security_event_record

for _model in (TOTPDevice, EmailAddress, Group):  # re-registered below with WEBOX's admins
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


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
class UserAdmin(CsvExportMixin, DjangoUserAdmin):
    """Users by email, with their language, groups, addresses and tokens, and links to what they did."""

    ordering = ["-date_joined"]
    list_display = [
        "email", "display_name", "preferred_language", "is_staff", "is_active", "email_is_verified",
        "twofactor_is_on", "date_joined",
    ]  # fmt: skip
    list_filter = [
        "is_staff", EmailVerifiedFilter, TwoFactorFilter, "is_active", "is_superuser", "groups", "preferred_language",
    ]  # fmt: skip
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined", "terms_accepted_at", "security_status", "related_links"]
    date_hierarchy = "date_joined"
    inlines = [AddressInline, ApiTokenInline]
    actions = [deactivate_users, reset_twofactor, resend_verification]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language", "phone", "avatar", "terms_accepted_at"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Security and activity"), {"fields": ["security_status", "related_links"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    csv_export_fields = [
        "id", "email", "display_name", "preferred_language", "phone", "is_active", "is_staff",
        ("email_verified", _("email verified")), ("twofactor_enabled", _("two-factor authentication")),
        ("order_count", _("orders")), "date_joined", "last_login",
    ]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return users_annotate_security(super().get_queryset(request))

    def csv_export_response(self, request: HttpRequest, queryset: QuerySet[User]):
        return super().csv_export_response(request, queryset.annotate(order_count=Count("orders", distinct=True)))

    @admin.display(description=_("email verified"), boolean=True, ordering="email_verified")
    def email_is_verified(self, user: User) -> bool:
        return user.email_verified

    @admin.display(description=_("2FA"), boolean=True, ordering="twofactor_enabled")
    def twofactor_is_on(self, user: User) -> bool:
        return user.twofactor_enabled

    @admin.display(description=_("email and two-factor"))
    def security_status(self, user: User) -> str:
        if not user.pk:
            return "—"
        verified = _("email verified") if user.email_verified else _("email not verified")
        twofactor = _("two-factor on") if user.twofactor_enabled else _("two-factor off")
        return f"{verified} · {twofactor}"

    def get_object(self, request: HttpRequest, object_id: str, from_field=None) -> User | None:
        """Return the user, remembering what the staff member may open (for ``related_links``)."""
        user = super().get_object(request, object_id, from_field)
        if user is not None:
            user.viewer_may_view = request.user.has_perm
        return user

    @admin.display(description=_("in the other sections"))
    def related_links(self, user: User) -> str:
        return user_related_links(user, may_view=getattr(user, "viewer_may_view", lambda permission: False))

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


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Authenticator apps, read-only and without their secret: reset one from the user's page instead."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "name"]
    date_hierarchy = "created_at"
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    """allauth's email addresses, listed with their user in the same query."""

    list_select_related = ["user"]
    list_filter = ["verified", "primary"]
    search_fields = ["email", "user__email", "user__display_name"]
    raw_id_fields = []
    autocomplete_fields = ["user"]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        return self.search_fields


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """The staff groups (Staff, Support, Bloggers) with how many members each has."""

    list_display = ["name", "member_count"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(members=Count("user", distinct=True))

    @admin.display(description=_("members"), ordering="members")
    def member_count(self, group: Group) -> int:
        return group.members
