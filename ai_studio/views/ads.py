"""The ad builder's pages: a product of the shop or a brief, a format, a number of variants → the ads as cards.

Each card shows every text with its length and its format's limit; the CSV, the
JSON and the image are downloaded from the job's results. While the job runs, its
page shows a live progress element whose ``data-job-card-url`` serves the cards
once it ends (static/js/studio-jobs.js swaps them in).
"""

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from shop.selectors import product_get_visible, product_list_new
from webox.common.errors import ApplicationError, NotFound
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..forms import model_field
from ..models import GenerationJob
from ..services import job_create, job_get_for
from ..services.ads import BRIEF_MAX_LENGTH, CALLS_TO_ACTION, FORMATS, LIMITS, MAX_VARIANTS
from .common import form_error, studio_models

RECENT_ADS = 8
PRODUCT_SUGGESTIONS = 50
FORMAT_LABELS = {"google_ads": "Google Ads", "facebook": "Facebook", "instagram": "Instagram"}


class AdForm(forms.Form):
    """What to advertise (a product of the shop or a brief), where, and how many variants."""

    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(key, FORMAT_LABELS[key]) for key in FORMATS])
    variants = forms.IntegerField(
        label=gettext_lazy("Number of variants"), min_value=1, max_value=MAX_VARIANTS, initial=3
    )
    product = forms.SlugField(
        label=gettext_lazy("Product of the shop (its slug)"),
        required=False,
        widget=forms.TextInput(attrs={"list": "ad-products", "autocomplete": "off"}),
    )
    brief = forms.CharField(
        label=gettext_lazy("Or a brief"),
        max_length=BRIEF_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What to advertise, to whom, with which selling points."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        models = studio_models("chat")
        self.fields = {"model": model_field(models, label=_("Writing model")), **self.fields}
        self.fields["model"].initial = next((model.id for model, _demo in models if model.available), "")

    def clean(self):
        data = super().clean()
        if bool(data.get("product")) == bool((data.get("brief") or "").strip()):
            raise forms.ValidationError(_("Give either a product of the shop or a brief, not both."))
        if data.get("product") and product_get_visible(slug=data["product"]) is None:
            self.add_error("product", _("This product is not on sale."))
        return data

    def job_prompt(self) -> str:
        data = self.cleaned_data
        product = product_get_visible(slug=data["product"]) if data["product"] else None
        return product.name if product else data["brief"][:200]

    def job_params(self) -> dict:
        data = self.cleaned_data
        params = {"format": data["format"], "variants": data["variants"]}
        params.update({"product": data["product"]} if data["product"] else {"brief": data["brief"]})
        return params


def _ad_job(request: HttpRequest, job_id: int) -> GenerationJob:
    try:
        job = job_get_for(user=request.user, job_id=job_id)
    except NotFound:
        job = None
    if job is None or job.kind != GenerationJob.Kind.AD:
        raise Http404(_("These ads do not exist."))
    return job


def _text(text: str, limit: int | None) -> dict:
    return {"text": text, "length": len(text), "limit": limit, "fits": limit is None or len(text) <= limit}


def ad_cards(job: GenerationJob) -> list[dict]:
    """Return the job's variants as cards: each text with its length and limit, the call to action's label."""
    result = next((item for item in job.results.all() if item.content_type == "application/json"), None)
    if result is None:
        return []
    with result.file.open("rb") as handle:
        variants = json.loads(handle.read())
    cards = []
    for number, variant in enumerate(variants, start=1):
        limits = LIMITS[variant["format"]]
        card = {"number": number, "headlines": [_text(text, limits["headlines"]) for text in variant["headlines"]]}
        card["descriptions"] = [_text(text, limits.get("descriptions")) for text in variant["descriptions"]]
        if "primary_text" in variant:
            card["primary_text"] = _text(variant["primary_text"], limits["primary_text"])
            card["call_to_action"] = CALLS_TO_ACTION.get(variant["call_to_action"], variant["call_to_action"])
        cards.append(card)
    return cards


def _job_context(job: GenerationJob) -> dict:
    results = list(job.results.all())
    by_type = {result.content_type: result for result in results}
    image = next((result for result in results if result.content_type.startswith("image/")), None)
    label = FORMAT_LABELS.get(job.params.get("format", ""), "")
    return {
        "job": job,
        "cards": ad_cards(job),
        "csv": by_type.get("text/csv"),
        "json": by_type.get("application/json"),
        "image": image,
        "format_label": label,
    }


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def ads(request: HttpRequest) -> HttpResponse:
    """Show the ad form and the user's latest ads; POST queues the job and opens its page."""
    form = AdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = job_create(
                user=request.user, kind="ad", model=data["model"], prompt=form.job_prompt(), params=form.job_params()
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            return redirect("ai_studio:ads-job", job_id=job.pk)
    context = {
        "form": form,
        "jobs": selectors.job_list_of_kind(user=request.user, kinds=[GenerationJob.Kind.AD])[:RECENT_ADS],
        "products": product_list_new(limit=PRODUCT_SUGGESTIONS),
        "format_labels": FORMAT_LABELS,
    }
    return render(request, "ai_studio/ads.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def ads_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Show one of the user's ad jobs: its progress, then its variants as cards and its files."""
    return render(request, "ai_studio/ads_job.html", _job_context(_ad_job(request, job_id)))


@require_GET
@login_required
def ads_variants_fragment(request: HttpRequest, job_id: int) -> HttpResponse:
    """Return the variants' cards alone (static/js/studio-jobs.js puts them in place when the job ends)."""
    response = render(request, "ai_studio/ads_variants.html", _job_context(_ad_job(request, job_id)))
    response["Cache-Control"] = "private, no-store"
    return response
