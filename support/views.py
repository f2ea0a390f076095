"""HTML pages of the help desk."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    """Show the published questions written in the visitor's language, grouped by category."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return render(request, "support/faq.html", {"sections": selectors.faq_list_sections(language=language)})
