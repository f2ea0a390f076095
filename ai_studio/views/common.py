"""HTML pages of the AI studio: the landing page, and the download of a generation's file by its owner."""

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shop.selectors import product_list_credit_packs

from ..selectors import result_get_for


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Describe the studio and show the AI credit packs sold in the shop."""
    credit_packs = list(product_list_credit_packs())
    return render(request, "ai_studio/index.html", {"credit_packs": credit_packs})


@require_GET
@login_required
def result_download(request: HttpRequest, result_id: int) -> HttpResponse:
    """Send a generated file as an attachment to the owner of its job; a 404 for anyone else."""
    result = result_get_for(user=request.user, result_id=result_id)
    if result is None:
        raise Http404(_("This file does not exist."))
    response = FileResponse(result.file.open("rb"), as_attachment=True, filename=os.path.basename(result.file.name))
    response["Content-Type"] = result.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
