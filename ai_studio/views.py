"""HTML pages of the AI studio. This first version is the landing page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shop.selectors import product_list_credit_packs


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Describe the studio and show the AI credit packs sold in the shop."""
    credit_packs = list(product_list_credit_packs())
    return render(request, "ai_studio/index.html", {"credit_packs": credit_packs})
