"""The credits page: balance, credits held by running jobs, the ledger and what each job cost."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shop.selectors import product_list_credit_packs

from .. import selectors

LEDGER_PAGE_SIZE = 25


@require_GET
@login_required
def credits(request: HttpRequest) -> HttpResponse:
    """Show the balance, the reserved credits, the ledger (25 a page) and links to the credit packs."""
    balance, reserved = selectors.credit_balance(user=request.user)
    page = Paginator(selectors.credit_entry_queryset(user=request.user), LEDGER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    packs = list(product_list_credit_packs()[:1])
    context = {
        "balance": balance,
        "reserved": reserved,
        "page_obj": page,
        "entries": page.object_list,
        "packs_url": packs[0].category.get_absolute_url() if packs else "",
    }
    return render(request, "ai_studio/credits.html", context)
