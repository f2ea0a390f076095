"""The FAQ page (search, anchors, JSON-LD) and its "was this helpful?" buttons."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..models import FAQEntry
from ..services import faq_vote


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    """Show the published questions of the visitor's language by category, or those matching ``?q=``."""
    language, query = _language(), request.GET.get("q", "").strip()[:100]
    if query:
        sections = selectors.faq_search(language=language, query=query)
    else:
        sections = selectors.faq_list_sections(language=language)
    context = {
        "sections": sections,
        "query": query,
        "faq_json_ld": selectors.faq_json_ld(sections=sections) if sections and not query else "",
        "voted": set(request.session.get("faq_votes", [])),
    }
    return render(request, "support/faq.html", context)


@require_POST
@ratelimit_tier("moderate")
def faq_vote_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record "helpful" (``helpful=yes``) or not for one entry, once per session; htmx gets the thanks back."""
    entry = FAQEntry.objects.filter(pk=pk, is_published=True).first()
    if entry is None:
        raise Http404
    if not request.session.session_key:
        request.session.save()
    faq_vote(entry=entry, session_key=request.session.session_key, helpful=request.POST.get("helpful") == "yes")
    request.session["faq_votes"] = sorted({*request.session.get("faq_votes", []), entry.pk})
    if request.headers.get("HX-Request") == "true":
        return render(request, "support/includes/faq_vote.html", {"entry": entry, "voted": {entry.pk}})
    return redirect(entry.get_absolute_url())
