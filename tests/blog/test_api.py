"""The blog over the API: visible posts only, approved comments only, commenting needs a verified address."""

import pytest

from blog.models import Comment, Post
from tests.blog.factories import CommentFactory, PostFactory, reader_make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_post_list_shows_only_visible_posts(client):
    PostFactory(title="Publié")
    PostFactory(title="Brouillon", status=Post.Status.DRAFT, published_at=None)
    data = client.get("/api/v1/blog/posts/").json()
    assert [post["title"] for post in data["results"]] == ["Publié"]


def test_post_detail_returns_sanitised_html_and_drafts_are_404(client):
    post = PostFactory(body="## Titre\n\n<script>alert(1)</script>")
    data = client.get(f"/api/v1/blog/posts/{post.slug}/").json()
    assert '<h2 id="h-titre">Titre</h2>' in data["body_html"] and "<script" not in data["body_html"]
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    response = client.get(f"/api/v1/blog/posts/{draft.slug}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_comment_list_shows_approved_comments_only(client):
    approved = CommentFactory(body="Visible")
    CommentFactory(post=approved.post, body="En attente", status=Comment.Status.PENDING)
    data = client.get(f"/api/v1/blog/posts/{approved.post.slug}/comments/").json()
    assert [comment["body"] for comment in data["results"]] == ["Visible"]


def test_verified_reader_posts_a_comment_that_waits(client):
    post = PostFactory()
    client.force_login(reader_make())
    response = client.post(
        f"/api/v1/blog/posts/{post.slug}/comments/", {"body": "Bonjour"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"


def test_unverified_user_cannot_comment_over_the_api(client):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.post(
        f"/api/v1/blog/posts/{post.slug}/comments/", {"body": "Bonjour"}, content_type="application/json"
    )
    assert response.status_code == 403 and not Comment.objects.exists()


def test_closed_comments_answer_409(client):
    post = PostFactory(comments_open=False)
    client.force_login(reader_make())
    response = client.post(
        f"/api/v1/blog/posts/{post.slug}/comments/", {"body": "Bonjour"}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "comments_closed"
