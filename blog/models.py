"""Blog posts: written in Markdown, published now or scheduled for later."""

import math
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from webox.common.models import TimeStampedModel

WORDS_PER_MINUTE = 220
_WORD_RE = re.compile(r"\w+")


class BlogCategory(TimeStampedModel):
    """A section of the blog; a post may sit in several."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:category", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    """Queries on posts."""

    def published(self) -> "PostQuerySet":
        """Keep the posts a visitor may read: published or scheduled, with a date already reached."""
        return self.filter(status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED], published_at__lte=timezone.now())


class Post(TimeStampedModel):
    """An article of the blog."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="blog_posts"
    )
    excerpt = models.TextField(_("excerpt"), max_length=500, blank=True, help_text=_("Shown in lists and feeds."))
    body = models.TextField(_("body"), help_text=_("Markdown."))
    cover_image = models.ImageField(
        _("cover image"),
        upload_to="blog/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(_("cover width"), null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(_("cover height"), null=True, blank=True, editable=False)
    cover_alt = models.CharField(_("cover alternative text"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"), null=True, blank=True, help_text=_("A scheduled post appears by itself at this time.")
    )
    cover_thumbnails = models.JSONField(_("cover thumbnails"), default=dict, blank=True, editable=False)
    categories = models.ManyToManyField(BlogCategory, verbose_name=_("categories"), related_name="posts", blank=True)
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="blog_post_visible_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "archived"]) | Q(published_at__isnull=False),
                name="blog_post_published_has_date",
                violation_error_message=_("A published or scheduled post needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:post", kwargs={"slug": self.slug})

    @property
    def reading_time(self) -> int:
        """Return the reading time in whole minutes (at least one), at 220 words a minute."""
        words = len(_WORD_RE.findall(self.body or ""))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def is_visible(self) -> bool:
        """Say whether visitors can read the post now."""
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class PostSlugRedirect(models.Model):
    """An old address of a post: requests for it are redirected (301) to the current one."""

    old_slug = models.SlugField(_("old slug"), max_length=220, unique=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post redirect")
        verbose_name_plural = _("post redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.post.slug}"


class CommentQuerySet(models.QuerySet):
    """Queries on comments."""

    def approved(self) -> "CommentQuerySet":
        """Keep the comments every visitor sees."""
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    """A reader's comment on a post, or a reply (one level) to another comment."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")
        SPAM = "spam", _("Spam")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="blog_comments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "status", "created_at"], name="blog_comment_post_idx")]

    def __str__(self) -> str:
        return f"{self.author} · {self.post}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"
