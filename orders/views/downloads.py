"""The download of a paid digital product, from a signed link of the order page or email."""

import os

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from orders.services.downloads import Gone, download_open
from webox.common.errors import NotFound


@require_GET
def download_view(request: HttpRequest, token: str) -> HttpResponse:
    """Send the file as an attachment, or say why not: 404 for a bad or foreign link, 410 when used up or expired."""
    try:
        _grant, file = download_open(token=token, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from None
    except Gone as error:
        response = render(request, "orders/download_gone.html", {"message": error.message}, status=410)
        add_never_cache_headers(response)
        return response
    response = FileResponse(file, as_attachment=True, filename=os.path.basename(file.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
