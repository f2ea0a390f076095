"""Back-office screens of promo codes (usage statistics, bulk generation, CSV) and read-only carts for support."""

import csv
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from webox.common.errors import ApplicationError
from webox.common.models import locked_value

from .models import Cart, CartLine, PromoCode, PromoRedemption
from .services.promotions import promo_codes_generate, promo_codes_set_active

BATCHES_IN_FILTER = 20
CSV_COLUMNS = [
    "code",
    "kind",
    "value",
    "min_order_total",
    "valid_from",
    "valid_until",
    "usage_limit",
    "times_used",
    "batch",
]


# ---------------------------------------------------------------------------
# Bulk generation
# ---------------------------------------------------------------------------
class PromoGenerateForm(forms.Form):
    """The rules shared by a batch of single-use codes."""

    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=10000, initial=100)
    prefix = forms.RegexField(
        label=_("Prefix"),
        regex=r"^[A-Za-z0-9-]*$",
        max_length=12,
        required=False,
        help_text=_("Letters, digits or dashes put before each code, e.g. NOEL-."),
    )
    batch = forms.CharField(label=_("Batch label"), max_length=60, help_text=_("Names the batch, to find its codes."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PromoCode.Kind.choices)
    value = forms.DecimalField(label=_("Value"), max_digits=10, decimal_places=2, min_value=0, initial=10)
    min_order_total = forms.DecimalField(
        label=_("Minimum order"), max_digits=10, decimal_places=2, min_value=0, initial=0
    )
    valid_from = forms.DateTimeField(
        label=_("Valid from"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    valid_until = forms.DateTimeField(
        label=_("Valid until"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == PromoCode.Kind.PERCENTAGE and (data.get("value") or 0) > 100:
            self.add_error("value", _("A percentage is at most 100."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The end of validity must come after its start."))
        return data


class PromoCodeAdminForm(forms.ModelForm):
    """A promo code's page: its usage limit cannot go below the uses already made."""

    class Meta:
        model = PromoCode
        fields = [
            "code",
            "description",
            "kind",
            "value",
            "is_active",
            "batch",
            "min_order_total",
            "valid_from",
            "valid_until",
            "first_order_only",
            "usage_limit",
            "per_customer_limit",
            "categories",
            "products",
        ]

    def clean(self) -> dict:
        data = super().clean()
        limit = data.get("usage_limit")
        if self.instance.pk is None or limit is None:
            return data
        # Locked until the page is saved: a checkout using the code meanwhile waits, then sees the new limit.
        used = locked_value(self.instance, "times_used") or 0
        if limit < used:
            self.add_error(
                "usage_limit",
                forms.ValidationError(
                    _("This code was already used %(used)s times: the limit cannot be lower."),
                    code="below_uses",
                    params={"used": used},
                ),
            )
        return data


def codes_csv_response(codes: QuerySet[PromoCode], *, filename: str) -> HttpResponse:
    """Answer with ``codes`` as a CSV file to download (UTF-8 with a BOM, for spreadsheets)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for row in codes.order_by("code").values_list(*CSV_COLUMNS):
        writer.writerow(["" if value is None else value for value in row])
    return response


# ---------------------------------------------------------------------------
# Promo codes
# ---------------------------------------------------------------------------
class ValidityFilter(admin.SimpleListFilter):
    """Codes running now, not started yet, or over."""

    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("current", _("Valid now")), ("scheduled", _("Not started yet")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "current":
            return queryset.exclude(valid_from__gt=now).exclude(valid_until__lte=now)
        if self.value() == "scheduled":
            return queryset.filter(valid_from__gt=now)
        if self.value() == "expired":
            return queryset.filter(valid_until__lte=now)
        return queryset


class BatchFilter(admin.SimpleListFilter):
    """The codes of one generated batch (the latest batches are offered)."""

    title = _("batch")
    parameter_name = "batch"

    def lookups(self, request, model_admin):
        latest = (
            PromoCode.objects.exclude(batch="")
            .values("batch")
            .annotate(last=Max("created_at"))
            .order_by("-last")[:BATCHES_IN_FILTER]
        )
        return [(row["batch"], row["batch"]) for row in latest]

    def queryset(self, request, queryset):
        return queryset.filter(batch=self.value()) if self.value() else queryset


class PromoRedemptionInline(admin.TabularInline):
    """The uses of a code, one per order; recorded by order placement, never edited."""

    model = PromoRedemption
    extra = 0
    fields = ["order_number", "user", "email", "amount", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PromoCode)
class PromoCodeAdmin(admin.ModelAdmin):
    form = PromoCodeAdminForm
    list_display = ["code", "kind", "value", "validity", "usage", "discount_given", "is_active", "batch"]
    list_filter = ["is_active", "kind", ValidityFilter, "first_order_only", BatchFilter]
    search_fields = ["code", "description", "batch"]
    autocomplete_fields = ["categories", "products"]
    readonly_fields = ["times_used", "usage_statistics", "created_at", "updated_at"]
    inlines = [PromoRedemptionInline]
    actions = ["export_codes", "activate_codes", "deactivate_codes"]
    change_list_template = "admin/shop/promocode/change_list.html"
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["code", "description", "kind", "value", "is_active", "batch"]}),
        (_("Conditions"), {"fields": ["min_order_total", "valid_from", "valid_until", "first_order_only"]}),
        (_("Limits"), {"fields": ["usage_limit", "per_customer_limit", "times_used", "usage_statistics"]}),
        (_("Restricted to"), {"fields": ["categories", "products"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PromoCode]:
        total = (
            PromoRedemption.objects.filter(promo_code=OuterRef("pk"))
            .values("promo_code")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        money = DecimalField(max_digits=12, decimal_places=2)
        return (
            super()
            .get_queryset(request)
            .annotate(
                use_count=Count("redemptions", distinct=True),
                discount_total=Coalesce(Subquery(total, output_field=money), Value(0), output_field=money),
            )
        )

    @admin.display(description=_("validity"))
    def validity(self, promo: PromoCode) -> str:
        start = date_format(timezone.localtime(promo.valid_from), "SHORT_DATE_FORMAT") if promo.valid_from else "…"
        end = date_format(timezone.localtime(promo.valid_until), "SHORT_DATE_FORMAT") if promo.valid_until else "…"
        return f"{start} → {end}"

    @admin.display(description=_("uses / limit"), ordering="use_count")
    def usage(self, promo: PromoCode) -> str:
        return f"{promo.use_count} / {promo.usage_limit if promo.usage_limit is not None else '∞'}"

    @admin.display(description=_("discount given"), ordering="discount_total")
    def discount_given(self, promo: PromoCode):
        return promo.discount_total

    @admin.display(description=_("usage statistics"))
    def usage_statistics(self, promo: PromoCode) -> str:
        if promo.pk is None:
            return "—"
        return _("%(uses)s use(s), %(amount)s € of discount given.") % {
            "uses": promo.use_count,
            "amount": promo.discount_total,
        }

    def get_urls(self):
        extra = [
            path("generate/", self.admin_site.admin_view(self.generate_view), name="shop_promocode_generate"),
            path("export/", self.admin_site.admin_view(self.export_view), name="shop_promocode_export"),
        ]
        return extra + super().get_urls()

    def generate_view(self, request: HttpRequest) -> HttpResponse:
        """Ask for a batch's rules, create its single-use codes, then offer them as a CSV file."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PromoGenerateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                codes = promo_codes_generate(count=data.pop("count"), prefix=data.pop("prefix"), **data)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return self._generated_response(request, codes, batch=data["batch"])
        context = {**self.admin_site.each_context(request), "title": _("Generate single-use codes"), "form": form}
        return TemplateResponse(request, "admin/shop/promocode/generate.html", {**context, "opts": self.opts})

    def _generated_response(self, request: HttpRequest, codes: list[PromoCode], *, batch: str) -> HttpResponse:
        self.message_user(
            request, _("%(count)s code(s) created in the batch %(batch)s.") % {"count": len(codes), "batch": batch}
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Codes generated"),
            "opts": self.opts,
            "codes": codes[:20],
            "count": len(codes),
            "batch": batch,
            "csv_url": reverse("admin:shop_promocode_export") + "?" + urlencode({"batch": batch}),
            "list_url": reverse("admin:shop_promocode_changelist") + "?" + urlencode({"batch": batch}),
        }
        return TemplateResponse(request, "admin/shop/promocode/generated.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Download the codes of the changelist, as filtered (``?batch=`` for one batch), as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        codes = self.get_changelist_instance(request).get_queryset(request)
        label = request.GET.get("batch") or f"{date.today():%Y-%m-%d}"
        return codes_csv_response(codes, filename=f"promo-codes-{_safe_filename(label)}.csv")

    @admin.action(description=_("Download the selected codes (CSV)"), permissions=["view"])
    def export_codes(self, request: HttpRequest, queryset: QuerySet[PromoCode]) -> HttpResponse:
        return codes_csv_response(queryset, filename=f"promo-codes-{date.today():%Y-%m-%d}.csv")

    @admin.action(description=_("Activate the selected codes"), permissions=["change"])
    def activate_codes(self, request: HttpRequest, queryset: QuerySet[PromoCode]) -> None:
        count = promo_codes_set_active(codes=queryset, active=True)
        self.message_user(request, _("%(count)s code(s) activated.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Deactivate the selected codes"), permissions=["change"])
    def deactivate_codes(self, request: HttpRequest, queryset: QuerySet[PromoCode]) -> None:
        count = promo_codes_set_active(codes=queryset, active=False)
        self.message_user(request, _("%(count)s code(s) deactivated.") % {"count": count}, messages.SUCCESS)


def _safe_filename(label: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "-" for char in label)[:60] or "codes"


@admin.register(PromoRedemption)
class PromoRedemptionAdmin(admin.ModelAdmin):
    """Every use of a code (one per order), read-only: order placement records them."""

    list_display = ["promo_code", "order_number", "email", "user", "amount", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ["promo_code", "user"]
    search_fields = ["promo_code__code", "order_number", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["promo_code", "order_number", "user", "email", "amount", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# ---------------------------------------------------------------------------
# Carts (read-only, for support)
# ---------------------------------------------------------------------------
class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    fields = ["variant", "quantity", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class CartOwnerFilter(admin.SimpleListFilter):
    title = _("customer")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [("user", _("Signed-in customer")), ("anonymous", _("Anonymous visitor"))]

    def queryset(self, request, queryset):
        if self.value() in ("user", "anonymous"):
            return queryset.filter(user__isnull=self.value() == "anonymous")
        return queryset


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    """Carts as customers left them, to help them; nothing here changes a cart."""

    list_display = ["__str__", "owner", "item_count", "promo_code", "updated_at", "reminder_sent_at"]
    list_filter = [CartOwnerFilter, "updated_at"]
    list_select_related = ["user", "promo_code"]
    search_fields = ["user__email"]
    date_hierarchy = "updated_at"
    fields = ["user", "promo_code", "created_at", "updated_at", "reminder_sent_at"]
    readonly_fields = fields
    inlines = [CartLineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cart]:
        return super().get_queryset(request).annotate(items=Coalesce(Sum("lines__quantity"), 0))

    @admin.display(description=_("customer"), ordering="user__email")
    def owner(self, cart: Cart) -> str:
        return cart.user.email if cart.user_id else str(_("Anonymous visitor"))

    @admin.display(description=_("items"), ordering="items")
    def item_count(self, cart: Cart) -> int:
        return cart.items

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
