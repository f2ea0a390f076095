"""« Mes créations »: every job of the user, with its results, and what can be done with one.

The job card (``ai_studio/_job_card.html``) is shared by the gallery and the tool
pages; ``job_card`` serves it alone so that static/js/studio-jobs.js can refresh
a card when its job ends.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from webox.common.errors import ApplicationError, NotFound
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..forms import ProductImageForm
from ..models import GenerationJob
from ..services import job_cancel, job_get_for, job_regenerate, result_product_image_add

GALLERY_PAGE_SIZE = 24


def _job_or_404(request: HttpRequest, job_id: int) -> GenerationJob:
    try:
        return job_get_for(user=request.user, job_id=job_id)
    except NotFound:
        raise Http404(_("This generation does not exist.")) from None


def _back(request: HttpRequest) -> HttpResponse:
    """Go back to the page the form was on (``next``), else to the gallery."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("ai_studio:gallery")


@require_GET
@login_required
def gallery(request: HttpRequest) -> HttpResponse:
    """List every job of the user, the latest first, 24 a page (``?kind=`` keeps one kind)."""
    kind = request.GET.get("kind", "")
    kinds = [kind] if kind in GenerationJob.Kind.values else None
    page = Paginator(selectors.job_list_of_kind(user=request.user, kinds=kinds), GALLERY_PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "jobs": page_obj.object_list,
        "kind": kind if kinds else "",
        "kinds": GenerationJob.Kind.choices,
        "query_string": f"kind={kind}" if kinds else "",
        "product_form": ProductImageForm() if request.user.is_staff else None,
    }
    return render(request, "ai_studio/gallery.html", context)


@require_GET
@login_required
def job_card(request: HttpRequest, job_id: int) -> HttpResponse:
    """Return the card of one of the user's jobs as an HTML fragment; its forms come back to ``?next=``."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("ai_studio:gallery")
    context = {
        "job": _job_or_404(request, job_id),
        "product_form": ProductImageForm() if request.user.is_staff else None,
        "next_url": next_url,
    }
    response = render(request, "ai_studio/_job_card.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
@ratelimit_tier("moderate")
def job_regenerate_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """Queue the same generation again (a new job, a new cost)."""
    try:
        job_regenerate(user=request.user, job=_job_or_404(request, job_id))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The generation starts again: its new result appears in a few seconds."))
    return _back(request)


@require_POST
@login_required
@ratelimit_tier("moderate")
def job_cancel_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """Stop a queued or running job; its credits come back."""
    try:
        job_cancel(job=_job_or_404(request, job_id))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The generation was stopped and its credits given back."))
    return _back(request)


@require_POST
@login_required
@user_passes_test(lambda user: user.is_staff)
@ratelimit_tier("moderate")
def result_product_image(request: HttpRequest, result_id: int) -> HttpResponse:
    """Staff: add one of their generated pictures to a product's images."""
    result = selectors.result_get_for(user=request.user, result_id=result_id)
    if result is None:
        raise Http404(_("This file does not exist."))
    form = ProductImageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("product", [_("Choose a product.")])))
        return _back(request)
    product = form.cleaned_data["product"]
    try:
        result_product_image_add(result=result, product=product)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The picture was added to %(product)s.") % {"product": product.name})
    return _back(request)
