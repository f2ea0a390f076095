"""Blog pages: the list of visible posts and a post's page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from blog.models import Post
from tests.blog.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_index_lists_visible_posts_latest_first(client):
    now = timezone.now()
    older = PostFactory(title="Plus ancien", published_at=now - timedelta(days=5))
    newer = PostFactory(title="Plus récent", published_at=now - timedelta(days=1))
    PostFactory(title="Brouillon secret", status=Post.Status.DRAFT)
    PostFactory(title="Pour demain", status=Post.Status.SCHEDULED, published_at=now + timedelta(days=1))
    response = client.get("/blog/")
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [newer, older]
    html = response.content.decode()
    assert "Brouillon secret" not in html and "Pour demain" not in html


def test_index_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    PostFactory.create_batch(12)
    with django_assert_max_num_queries(4):
        response = client.get("/blog/")
    assert len(response.context["page_obj"].object_list) == 10


def test_post_page_renders_sanitised_markdown_and_meta(client):
    PostFactory(
        slug="bonjour",
        title="Bonjour",
        author__display_name="Camille Laurent",
        body="## Titre\n\nTexte ![photo](/media/a.jpg) <img src=x onerror=alert(1)> [lien](javascript:alert(1))",
    )
    response = client.get("/en/blog/bonjour/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="h-titre">Titre</h2>' in html and "Camille Laurent" in html and "1 min read" in html
    assert 'src="/media/a.jpg"' in html
    assert "onerror" not in html and "javascript:" not in html


def test_draft_and_future_posts_are_not_found(client):
    PostFactory(slug="brouillon", status=Post.Status.DRAFT, published_at=None)
    PostFactory(slug="archive", status=Post.Status.ARCHIVED)
    PostFactory(slug="plus-tard", status=Post.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=2))
    for slug in ("brouillon", "archive", "plus-tard", "inconnu"):
        assert client.get(f"/blog/{slug}/").status_code == 404


def test_scheduled_post_page_opens_at_its_time(client):
    publish_at = datetime(2030, 6, 1, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))
    PostFactory(slug="programme", status=Post.Status.SCHEDULED, published_at=publish_at)
    with time_machine.travel(publish_at - timedelta(minutes=1), tick=False):
        assert client.get("/blog/programme/").status_code == 404
    with time_machine.travel(publish_at + timedelta(minutes=1), tick=False):
        assert client.get("/blog/programme/").status_code == 200
