"""Back-office screens of the blog."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.groups import STAFF

from .models import Post


def edits_every_post(request: HttpRequest) -> bool:
    """Superusers and the Staff group edit every post; a blogger only their own."""
    user = request.user
    return user.is_superuser or user.groups.filter(name=STAFF).exists()


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "updated_at"]
    list_filter = ["status", "published_at", "author"]
    list_select_related = ["author"]
    search_fields = ["title", "slug", "excerpt", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "status", "published_at", "tags"]}),
        (_("Content"), {"fields": ["excerpt", "body", "cover_image", "cover_alt"]}),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Post | None = None) -> list[str]:
        return [] if edits_every_post(request) else ["author"]

    def save_model(self, request: HttpRequest, obj: Post, form, change: bool) -> None:
        """Make a blogger the author of what they write."""
        if not edits_every_post(request):
            obj.author = request.user
        super().save_model(request, obj, form, change)

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
        return queryset if edits_every_post(request) else queryset.filter(author=request.user)
