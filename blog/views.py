"""HTML pages of the blog."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors

PAGE_SIZE = 10


@require_GET
def post_index(request: HttpRequest) -> HttpResponse:
    """List the visible posts, the latest first."""
    page_obj = Paginator(selectors.post_list_visible(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/index.html", {"page_obj": page_obj})


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a visible post; drafts and posts scheduled for later do not exist for visitors."""
    post = selectors.post_get_visible(slug=slug)
    if post is None:
        raise Http404
    return render(request, "blog/post.html", {"post": post})
