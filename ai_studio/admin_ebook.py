"""Back office: publish a finished eBook as a digital product of the shop (inactive, for staff to review)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shop.models import Category
from webox.common.errors import ApplicationError

from .models import GenerationJob
from .services.ebook import ebook_publish


class EbookPublishForm(forms.Form):
    """The product's category and price (VAT included)."""

    category = forms.ModelChoiceField(label=gettext_lazy("Category"), queryset=Category.objects.order_by("name"))
    price = forms.DecimalField(
        label=gettext_lazy("Price (VAT incl.)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )


def _published(modeladmin, request: HttpRequest, product, created: bool) -> None:
    link = reverse("admin:shop_product_change", args=[product.pk])
    if created:
        text = _("The eBook is now the inactive product “{}”: review its text and price, then activate it.")
    else:
        text = _("This eBook was already published as “{}”.")
    modeladmin.message_user(
        request,
        format_html(text, format_html('<a href="{}">{}</a>', link, product.name)),
        messages.SUCCESS if created else messages.WARNING,
    )


@admin.action(description=gettext_lazy("Publish as a digital product of the shop"), permissions=["view"])
def publish_ebook(modeladmin, request: HttpRequest, queryset: QuerySet[GenerationJob]) -> HttpResponse | None:
    """Ask for a category and a price, then sell the selected finished eBook's PDF (one eBook at a time)."""
    if not request.user.has_perm("shop.add_product"):
        modeladmin.message_user(request, _("Publishing needs the right to add products."), messages.ERROR)
        return None
    jobs = list(queryset.filter(kind=GenerationJob.Kind.EBOOK, status=GenerationJob.Status.SUCCEEDED)[:2])
    if len(jobs) != 1:
        modeladmin.message_user(request, _("Select one finished eBook."), messages.WARNING)
        return None
    job = jobs[0]
    form = EbookPublishForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            product, created = ebook_publish(job=job, **form.cleaned_data)
        except ApplicationError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
        else:
            _published(modeladmin, request, product, created)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Publish an eBook"),
        "form": form,
        "job": job,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/ai_studio/generationjob/ebook_publish.html", context)
