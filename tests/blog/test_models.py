"""Which posts visitors see, and how long they take to read."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Post
from tests.blog.factories import PostFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_published_keeps_published_and_due_scheduled_posts_only():
    now = timezone.now()
    visible = {
        PostFactory(status=Post.Status.PUBLISHED, published_at=now - timedelta(hours=1)),
        PostFactory(status=Post.Status.SCHEDULED, published_at=now - timedelta(minutes=1)),
    }
    PostFactory(status=Post.Status.SCHEDULED, published_at=now + timedelta(days=1))
    PostFactory(status=Post.Status.PUBLISHED, published_at=now + timedelta(days=1))
    PostFactory(status=Post.Status.DRAFT, published_at=now - timedelta(days=1))
    PostFactory(status=Post.Status.ARCHIVED, published_at=now - timedelta(days=1))
    assert set(Post.objects.published()) == visible


def test_scheduled_post_appears_by_itself_at_its_time():
    publish_at = datetime(2030, 3, 1, 9, 0, tzinfo=PARIS)
    post = PostFactory(status=Post.Status.SCHEDULED, published_at=publish_at)
    with time_machine.travel(publish_at - timedelta(seconds=1), tick=False):
        assert not Post.objects.published().filter(pk=post.pk).exists()
        assert not post.is_visible
    with time_machine.travel(publish_at, tick=False):
        assert Post.objects.published().filter(pk=post.pk).exists()
        assert post.is_visible


def test_published_post_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(status=Post.Status.PUBLISHED, published_at=None)
    assert PostFactory(status=Post.Status.DRAFT, published_at=None).pk


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (100, 1), (220, 1), (221, 2), (1000, 5)])
def test_reading_time_counts_220_words_a_minute(words, minutes):
    assert Post(body=" ".join(["mot"] * words)).reading_time == minutes
