"""RSS and Atom feeds parse with feedparser and list the right posts; blog pages advertise them."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from blog.models import Post
from tests.blog.factories import BlogCategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    now = timezone.now()
    guides = BlogCategoryFactory(slug="guides", name="Guides")
    older = PostFactory(title="Guide ancien", published_at=now - timedelta(days=3))
    older.categories.add(guides)
    newer = PostFactory(title="Actualité récente", published_at=now - timedelta(days=1))
    PostFactory(title="Brouillon", status=Post.Status.DRAFT, published_at=None)
    PostFactory(title="Demain", status=Post.Status.SCHEDULED, published_at=now + timedelta(days=1))
    PostFactory(title="Archivé", status=Post.Status.ARCHIVED)
    return older, newer


@pytest.mark.parametrize("url, version", [("/blog/feed/rss/", "rss20"), ("/blog/feed/atom/", "atom10")])
def test_feed_lists_visible_posts_latest_first(client, posts, url, version):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Actualité récente", "Guide ancien"]
    assert feed.entries[0].link.endswith(posts[1].get_absolute_url())


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed_lists_only_its_posts(client, posts, kind):
    feed = feedparser.parse(client.get(f"/blog/category/guides/feed/{kind}/").content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Guide ancien"]
    assert "Guides" in feed.feed.title


def test_unknown_category_feed_is_not_found(client):
    assert client.get("/blog/category/inconnue/feed/rss/").status_code == 404


def test_blog_pages_advertise_their_feeds_in_the_head(client, posts):
    for url in ("/blog/", posts[0].get_absolute_url(), "/blog/category/guides/"):
        head = client.get(url).content.decode().split("</head>")[0]
        assert 'type="application/rss+xml"' in head and 'href="/blog/feed/rss/"' in head
        assert 'type="application/atom+xml"' in head and 'href="/blog/feed/atom/"' in head
    head = client.get("/blog/category/guides/").content.decode().split("</head>")[0]
    assert 'href="/blog/category/guides/feed/atom/"' in head
