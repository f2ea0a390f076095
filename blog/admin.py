"""Back-office screens of the blog: posts (a blogger edits their own), categories, comments to moderate."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webox.common.errors import ApplicationError

from .markdown import post_body_render
from .models import BlogCategory, Comment, Post
from .permissions import edits_every_post
from .preview import preview_url
from .services import comment_moderate, post_save


@admin.register(BlogCategory)
class BlogCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "comments_open", "updated_at"]
    list_filter = ["status", "published_at", "categories", ("author", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["author"]
    search_fields = ["title", "slug", "excerpt", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["categories"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "status", "published_at", "categories", "tags"]}),
        (_("Content"), {"fields": ["excerpt", "body", "body_preview", "cover_image", "cover_alt"]}),
        (_("Comments and preview"), {"fields": ["comments_open", "preview_link"]}),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Post | None = None) -> list[str]:
        fields = ["body_preview", "preview_link"]
        return fields if edits_every_post(request.user) else [*fields, "author"]

    class Media:
        js = ["blog/admin/markdown-preview.js"]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.markdown_preview_view)
        return [path("markdown-preview/", preview, name="blog_post_markdown_preview"), *super().get_urls()]

    def markdown_preview_view(self, request: HttpRequest) -> HttpResponse:
        """Render the posted Markdown as the post page would (sanitised); for the live preview."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return HttpResponse(post_body_render(request.POST.get("body", "")).html)

    @admin.display(description=_("Markdown preview"))
    def body_preview(self, post: Post) -> str:
        """Show the body as the post page renders it (sanitised); the script keeps it in step with typing."""
        html = mark_safe(post_body_render(post.body).html if post.pk else "")
        url = reverse("admin:blog_post_markdown_preview")
        return format_html('<div class="blog-admin-preview" data-markdown-preview-url="{}">{}</div>', url, html)

    @admin.display(description=_("Private preview link"))
    def preview_link(self, post: Post) -> str:
        """Link to the page of the post as readers will see it, drafts included."""
        if not post.pk:
            return "-"
        url = preview_url(post)
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Open the preview"))

    def save_model(self, request: HttpRequest, obj: Post, form, change: bool) -> None:
        """Save through the service (slug redirects, thumbnails); a blogger is the author of what they write."""
        if not edits_every_post(request.user):
            obj.author = request.user
        previous_slug = form.initial.get("slug") if change else None
        post_save(post=obj, previous_slug=previous_slug, cover_changed="cover_image" in form.changed_data)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """Propose the current user as the author of a new post."""
        return {**super().get_changeform_initial_data(request), "author": request.user.pk}

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        """Offer only staff members as authors: a short list that needs no access to customers."""
        if db_field.name == "author":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Post]:
        """List every post for staff, only their own for a blogger (other posts answer 404)."""
        queryset = super().get_queryset(request).prefetch_related("tags")
        return queryset if edits_every_post(request.user) else queryset.filter(author=request.user)


def _moderate(modeladmin, request: HttpRequest, queryset: QuerySet[Comment], status: str) -> None:
    """Apply ``status`` to the selected comments through the service, reporting how many changed."""
    done = 0
    for comment in queryset.select_related("post", "author"):
        try:
            comment_moderate(comment=comment, moderator=request.user, status=status)
        except ApplicationError as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
        else:
            done += 1
    message = ngettext("%(count)d comment updated.", "%(count)d comments updated.", done) % {"count": done}
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description=_("Approve the selected comments"), permissions=["change"])
def approve(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, Comment.Status.APPROVED)


@admin.action(description=_("Hide the selected comments"), permissions=["change"])
def hide(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, Comment.Status.HIDDEN)


@admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
def mark_spam(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, Comment.Status.SPAM)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_body", "post", "author", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["post", "author"]
    search_fields = ["body", "post__title", "author__email"]
    actions = [approve, hide, mark_spam]
    readonly_fields = ["post", "author", "parent", "body", "created_at"]
    fields = ["post", "author", "parent", "body", "status", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("comment"))
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Comment, form, change: bool) -> None:
        """Change the status through the moderation service (it notifies and checks the moderator)."""
        if "status" in form.changed_data and obj.status != Comment.Status.PENDING:
            comment_moderate(comment=obj, moderator=request.user, status=obj.status)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        """List every comment for staff, only those on their own posts for a blogger."""
        queryset = super().get_queryset(request)
        return queryset if edits_every_post(request.user) else queryset.filter(post__author=request.user)
