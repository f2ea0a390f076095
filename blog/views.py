"""HTML pages of the blog: lists, archives, a post with its comments, previews and moderation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from accounts.verification import email_verified_required
from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from . import selectors, services
from .forms import CommentForm, ModerationForm
from .markdown import post_body_render
from .models import Comment, Post
from .permissions import post_editable_by
from .preview import preview_url
from .seo import absolute_url, blog_breadcrumb_json_ld, post_json_ld

PAGE_SIZE = 10


def _list_page(request: HttpRequest, posts, **context) -> HttpResponse:
    """Render one page of ``posts`` with the list template and ``context``."""
    page_obj = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context.setdefault("breadcrumb_json_ld", blog_breadcrumb_json_ld())
    return render(request, "blog/index.html", {"page_obj": page_obj, **context})


@require_GET
def post_index(request: HttpRequest) -> HttpResponse:
    """List the visible posts, the latest first."""
    return _list_page(request, selectors.post_list_visible(), categories=selectors.category_list_with_posts())


@require_GET
def post_search(request: HttpRequest) -> HttpResponse:
    """List the visible posts matching ``?q=`` (not indexed by search engines)."""
    query = request.GET.get("q", "").strip()[:100]
    posts = selectors.post_list_search(query=query) if query else Post.objects.none()
    title = _("Search results for “%(query)s”") % {"query": query} if query else _("Search the blog")
    return _list_page(request, posts, heading=title, query=query, is_search=True, query_string=f"q={query}")


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """List the visible posts of a category."""
    category = selectors.category_get(slug=slug)
    if category is None:
        raise Http404
    crumbs = blog_breadcrumb_json_ld((category.name, category.get_absolute_url()))
    posts = selectors.post_list_by_category(category=category)
    return _list_page(request, posts, heading=category.name, category=category, breadcrumb_json_ld=crumbs)


@require_GET
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """List the visible posts with a tag."""
    tag = get_object_or_404(Tag, slug=slug)
    crumbs = blog_breadcrumb_json_ld((f"#{tag.name}", reverse("blog:tag", args=[tag.slug])))
    heading = _("Posts tagged “%(tag)s”") % {"tag": tag.name}
    return _list_page(request, selectors.post_list_by_tag(tag_slug=slug), heading=heading, breadcrumb_json_ld=crumbs)


@require_GET
def author_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """List the visible posts of an author."""
    author = selectors.author_get(pk=pk)
    if author is None:
        raise Http404
    name = author.get_full_name() or str(author)
    crumbs = blog_breadcrumb_json_ld((name, reverse("blog:author", args=[pk])))
    heading = _("Posts by %(name)s") % {"name": name}
    posts = selectors.post_list_by_author(author=author)
    return _list_page(request, posts, heading=heading, author=author, breadcrumb_json_ld=crumbs)


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a visible post; an old slug redirects (301); drafts and future posts do not exist for visitors."""
    post = selectors.post_get_visible(slug=slug)
    if post is None:
        moved = selectors.post_get_redirect(slug=slug)
        if moved is not None and moved.is_visible:
            return HttpResponseRedirect(moved.get_absolute_url(), status=301)
        raise Http404
    return render(request, "blog/post.html", _post_context(request, post))


@never_cache
@require_GET
def post_preview(request: HttpRequest, token: str) -> HttpResponse:
    """Show any post, draft or not, to whoever holds its private link (never indexed)."""
    post = selectors.post_get_for_preview(token=token)
    if post is None:
        raise Http404
    return render(request, "blog/post.html", {**_post_context(request, post), "is_preview": True})


def _post_context(request: HttpRequest, post: Post) -> dict:
    """Gather what a post page shows: body and contents, neighbours, related posts, comments, metadata."""
    rendered = post_body_render(post.body)
    moderator = post_editable_by(request.user, post)
    previous_post, next_post = selectors.post_get_neighbours(post=post) if post.is_visible else (None, None)
    canonical_url = absolute_url(post.get_absolute_url())
    cover_url = absolute_url(post.cover_image.url) if post.cover_image else ""
    return {
        "post": post,
        "body_html": rendered.html,
        "toc": rendered.toc,
        "related_posts": selectors.post_list_related(post=post),
        "previous_post": previous_post,
        "next_post": next_post,
        "comments": selectors.comment_list_for_post(post=post, include_hidden=moderator),
        "is_moderator": moderator,
        "comment_form": CommentForm(),
        "canonical_url": canonical_url,
        "og_image": cover_url,
        "post_json_ld": post_json_ld(post=post, url=canonical_url, image=cover_url),
        "breadcrumb_json_ld": blog_breadcrumb_json_ld((post.title, post.get_absolute_url())),
        "preview_link": preview_url(post) if moderator and not post.is_visible else "",
    }


@require_POST
@email_verified_required
@ratelimit_tier("moderate", scope="blog.comment")
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    """Post a comment or a reply; say whether it is shown or waits for moderation."""
    post = selectors.post_get_visible(slug=slug)
    if post is None:
        raise Http404
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment of at most 5,000 characters."))
        return redirect(f"{post.get_absolute_url()}#comments")
    parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first() if form.cleaned_data["parent"] else None
    try:
        comment = services.comment_create(post=post, author=request.user, body=form.cleaned_data["body"], parent=parent)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(f"{post.get_absolute_url()}#comments")
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Your comment is published."))
    else:
        messages.info(request, _("Thank you! Your comment will appear once a moderator approves it."))
    return redirect(comment.get_absolute_url())


@require_POST
@login_required
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, hide or mark a comment as spam from the post page."""
    comment = get_object_or_404(Comment.objects.select_related("post", "post__author"), pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.comment_moderate(comment=comment, moderator=request.user, status=form.cleaned_data["status"])
    except ApplicationError as error:
        if error.status_code == 403:
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The comment is now “%(status)s”.") % {"status": comment.get_status_display()})
    return redirect(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")


@require_POST
@login_required
def post_comments_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    """Close the comments of a post, or open them again (its author and editors only)."""
    post = get_object_or_404(Post, slug=slug)
    try:
        services.post_comments_set_open(post=post, user=request.user, is_open=not post.comments_open)
    except ApplicationError as error:
        raise Http404 from error
    messages.success(request, _("Comments are open.") if post.comments_open else _("Comments are closed."))
    return redirect(f"{post.get_absolute_url()}#comments")
