"""HTML pages of the AI studio: the studio's home, the owner's files, and what the other pages share."""

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shop.selectors import product_list_credit_packs
from webox.common.errors import ApplicationError

from .. import selectors
from ..catalogue import AiModel, model_list
from ..providers import providers

RECENT_JOBS = 6
TOOLS = (
    ("ai_studio:chat", "chat"),
    ("ai_studio:images", "image"),
)


def form_error(form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: on the fields it names, else on the whole form."""
    fields = exc.extra.get("fields") or {}
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not fields:
        form.add_error(None, exc.message)


def provider_is_demo(alias: str) -> bool:
    """Return whether the provider configured under ``alias`` is the offline demo."""
    return alias in providers and bool(getattr(providers.get(alias), "is_demo", False))


def studio_models(capability: str) -> list[tuple[AiModel, bool]]:
    """Return the catalogue's models of ``capability``, available first, each with whether it is the demo."""
    models = [model for model in model_list() if model.capability == capability]
    models.sort(key=lambda model: not model.available)
    return [(model, provider_is_demo(model.provider)) for model in models]


def _demo_serves() -> bool:
    return any(model.available and provider_is_demo(model.provider) for model in model_list())


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The studio's home: balance, tools, the latest jobs, and the AI credit packs sold in the shop."""
    context = {"credit_packs": list(product_list_credit_packs()), "demo_serves": _demo_serves()}
    if request.user.is_authenticated:
        context["recent_jobs"] = list(selectors.job_list(user=request.user)[:RECENT_JOBS])
    return render(request, "ai_studio/index.html", context)


@require_GET
@login_required
def result_download(request: HttpRequest, result_id: int) -> HttpResponse:
    """Send a generated file to the owner of its job (``?inline=1``: shown in the page); a 404 for anyone else."""
    result = selectors.result_get_for(user=request.user, result_id=result_id)
    if result is None:
        raise Http404(_("This file does not exist."))
    inline = request.GET.get("inline") == "1"
    response = FileResponse(
        result.file.open("rb"), as_attachment=not inline, filename=os.path.basename(result.file.name)
    )
    response["Content-Type"] = result.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600" if inline else "private, no-store"
    if inline:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"  # never run what a file may hold
    return response
