"""Publishing: scheduled posts appear by themselves, drafts stay private but previewable, old slugs redirect."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.models import Post
from blog.preview import preview_url
from blog.services import post_update
from tests.blog.factories import PostFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_scheduled_post_is_invisible_before_its_time_and_visible_after(client):
    publish_at = datetime(2030, 3, 1, 9, 0, tzinfo=PARIS)
    with time_machine.travel(publish_at - timedelta(hours=1), tick=False):
        post = PostFactory(slug="plus-tard", title="Plus tard", status=Post.Status.SCHEDULED, published_at=publish_at)
        assert client.get("/blog/plus-tard/").status_code == 404
        assert "Plus tard" not in client.get("/blog/").content.decode()
        assert "Plus tard" not in client.get("/blog/feed/rss/").content.decode()
    with time_machine.travel(publish_at + timedelta(minutes=1), tick=False):
        assert client.get(post.get_absolute_url()).status_code == 200
        assert "Plus tard" in client.get("/blog/").content.decode()
        assert "Plus tard" in client.get("/blog/feed/rss/").content.decode()


def test_draft_is_invisible_to_the_public_and_shown_by_its_private_link(client):
    draft = PostFactory(slug="brouillon", title="Brouillon privé", status=Post.Status.DRAFT, published_at=None)
    assert client.get("/blog/brouillon/").status_code == 404
    assert "Brouillon privé" not in client.get("/blog/").content.decode()
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brouillon privé" in html and 'name="robots" content="noindex, nofollow"' in html


def test_tampered_preview_link_is_not_found(client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert client.get(preview_url(draft)[:-3] + "xx/").status_code == 404


def test_preview_link_expires_after_two_weeks(client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    url = preview_url(draft)
    with time_machine.travel(timedelta(days=15)):
        assert client.get(url).status_code == 404


def test_changed_slug_redirects_permanently(client):
    post = PostFactory(slug="ancien-titre")
    post_update(post=post, slug="nouveau-titre")
    response = client.get("/blog/ancien-titre/")
    assert response.status_code == 301 and response["Location"] == "/blog/nouveau-titre/"
    post_update(post=post, slug="ancien-titre")
    assert client.get("/blog/ancien-titre/").status_code == 200
    assert client.get("/blog/nouveau-titre/").status_code == 301


def test_slug_changed_in_the_admin_redirects(admin_client_verified):
    post = PostFactory(slug="avant")
    data = {
        "title": post.title, "slug": "apres", "author": post.author.pk, "status": "published",
        "published_at_0": "2026-01-01", "published_at_1": "10:00:00", "excerpt": "", "body": "Texte",
        "comments_open": "on", "tags": "", "seo_title": "", "seo_description": "", "cover_alt": "",
    }  # fmt: skip
    response = admin_client_verified.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert admin_client_verified.get("/blog/avant/").status_code == 301


def test_cover_thumbnails_are_made_after_commit(django_capture_on_commit_callbacks):
    buffer = BytesIO()
    Image.new("RGB", (1200, 630), "navy").save(buffer, format="JPEG")
    post = PostFactory()
    upload = SimpleUploadedFile("cover.jpg", buffer.getvalue(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        post_update(post=post, cover_image=upload)
    post.refresh_from_db()
    assert sorted(post.cover_thumbnails) == ["480", "960"]
