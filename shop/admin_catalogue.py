"""Back-office tools of the catalogue used by shop/admin.py: filters, tree order, bulk actions, CSV."""

import csv
from datetime import date

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from webox.common.errors import ApplicationError

from .admin_forms import CatalogueImportForm, PriceChangeForm
from .models import LOW_STOCK_THRESHOLD, Category, Product, ProductVariant
from .services.catalogue_csv import CatalogueImportError, catalogue_csv_import, catalogue_csv_rows
from .services.products import products_change_price, products_set_active

TREE_DEPTH = 4  # levels ordered as a tree; deeper categories follow their 4th-level ancestor


def category_tree_annotate(queryset: QuerySet[Category]) -> QuerySet[Category]:
    """Annotate ``tree_path`` (the root-to-node key to order by) and ``tree_depth`` on categories."""
    levels = ["__".join(["parent"] * depth) for depth in range(TREE_DEPTH - 1, 0, -1)]

    def key(prefix: str):
        field = (prefix + "__") if prefix else ""
        position = LPad(Cast(f"{field}position", CharField()), 5, Value("0"))
        return Concat(position, LPad(Cast(f"{field}id", CharField()), 10, Value("0")), Value("/"))

    path_parts = [Case(When(**{f"{level}__isnull": False}, then=key(level)), default=Value("")) for level in levels]
    path_parts.append(key(""))
    depth = Case(
        *[When(**{f"{level}__isnull": False}, then=Value(level.count("parent"))) for level in levels],
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.annotate(tree_path=Concat(*path_parts, output_field=CharField()), tree_depth=depth)


class CategoryTreeChangeList(ChangeList):
    """The categories' changelist, always in tree order (a parent, then its children)."""

    def get_ordering(self, request: HttpRequest, queryset: QuerySet) -> list[str]:
        return ["tree_path", "pk"]


class LowStockFilter(admin.SimpleListFilter):
    """Products with a tracked variant of at most 3 units left (sold out included)."""

    title = _("stock")
    parameter_name = "low_stock"

    def lookups(self, request, model_admin):
        return [("yes", _("Low stock (3 or fewer)"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            low = ProductVariant.objects.filter(
                product=OuterRef("pk"), track_stock=True, stock__lte=LOW_STOCK_THRESHOLD
            )
            return queryset.filter(Exists(low))
        return queryset


@admin.action(description=_("Show the selected products"), permissions=["change"])
def activate(modeladmin, request: HttpRequest, queryset: QuerySet[Product]) -> None:
    count = products_set_active(product_ids=queryset.values_list("pk", flat=True), active=True)
    modeladmin.message_user(request, _("%(count)s product(s) shown.") % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Hide the selected products"), permissions=["change"])
def deactivate(modeladmin, request: HttpRequest, queryset: QuerySet[Product]) -> None:
    count = products_set_active(product_ids=queryset.values_list("pk", flat=True), active=False)
    modeladmin.message_user(request, _("%(count)s product(s) hidden.") % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Change the price by a percentage"), permissions=["change"])
def change_price(modeladmin, request: HttpRequest, queryset: QuerySet[Product]) -> HttpResponse | None:
    """Ask for the percentage, then change every variant price of the selected products."""
    form = PriceChangeForm(request.POST if "apply" in request.POST else None, initial={"action": "change_price"})
    if form.is_bound and form.is_valid():
        try:
            count = products_change_price(
                product_ids=queryset.values_list("pk", flat=True), percent=form.cleaned_data["percent"]
            )
        except ApplicationError as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(count)s price(s) changed.") % {"count": count}, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Change the price by a percentage"),
        "form": form,
        "products": queryset.order_by("name")[:50],
        "product_count": queryset.count(),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/shop/product/change_price.html", context)


class CatalogueCsvMixin:
    """Adds ``export/`` (the filtered changelist as CSV) and ``import/`` (an upload form) to ProductAdmin."""

    def get_urls(self):
        extra = [
            path("export/", self.admin_site.admin_view(self.export_view), name="shop_product_export"),
            path("import/", self.admin_site.admin_view(self.import_view), name="shop_product_import"),
        ]
        return extra + super().get_urls()

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Stream the products of the changelist, as filtered and searched, one row per variant."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        products = self.get_changelist_instance(request).get_queryset(request)
        writer = csv.writer(_Echo(), delimiter=";")
        rows = (writer.writerow(row) for row in catalogue_csv_rows(products.order_by().values("pk")))
        response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="catalogue-{date.today():%Y-%m-%d}.csv"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Show the upload form; apply a valid file, or list the rows that stopped it."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = CatalogueImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                report = catalogue_csv_import(content=form.cleaned_data["file"].read())
            except CatalogueImportError as error:
                errors = error.errors
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(updated)s variant(s) updated, %(created)s created.")
                    % {"updated": report.updated, "created": report.created},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:shop_product_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import products and stock (CSV)"),
            "form": form,
            "errors": errors,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/shop/product/import.html", context)


class _Echo:
    """A file-like object that returns what is written: lets csv.writer feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def _with_bom(rows):
    yield "\ufeff"  # spreadsheets then read the file as UTF-8
    yield from rows
