"""Seed the demo blog posts, written by the demo blogger."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from blog.models import BlogCategory, Post

from .data.posts import POSTS
from .images import render_picture
from .specs import PostSpec
from .upsert import file_missing, file_save, tags_sync, upsert

COVER_SIZE = (1200, 630)
DEMO_CATEGORY = {"slug": "conseils", "name": "Conseils et actualités"}


def posts_seed(*, author: User) -> None:
    """Create or refresh the demo posts; publication dates are set once, relative to the first run."""
    category, _created = BlogCategory.objects.get_or_create(
        slug=DEMO_CATEGORY["slug"], defaults={"name": DEMO_CATEGORY["name"]}
    )
    for spec in POSTS:
        post = _post_seed(spec, author=author)
        tags_sync(post, names=spec.tags)
        post.categories.add(category)
        if file_missing(post.cover_image):
            picture = render_picture(seed=f"post-{spec.slug}", colour=spec.colour, caption=spec.title, size=COVER_SIZE)
            file_save(post.cover_image, name=f"{spec.slug}.jpg", content=picture)


def _post_seed(spec: PostSpec, *, author: User) -> Post:
    values = {
        "title": spec.title,
        "author_id": author.pk,
        "excerpt": spec.excerpt,
        "body": spec.body,
        "status": spec.status,
        "cover_alt": f"Illustration de l'article « {spec.title} »",
        "seo_description": spec.excerpt[:160],
    }
    published_at = None if spec.days is None else timezone.now() + timedelta(days=spec.days)
    post, _written = upsert(Post, lookup={"slug": spec.slug}, values=values, create_only={"published_at": published_at})
    return post
