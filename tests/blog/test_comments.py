"""Comments: who may post, what is kept of the body, and which comments wait for moderation."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings

from blog.models import Comment
from blog.sanitize import comment_html
from blog.services import comment_create
from tests.blog.factories import CommentFactory, PostFactory, reader_make, regular_reader_make
from tests.factories import UserFactory
from webox.common.errors import ApplicationError, Conflict, PermissionDenied

pytestmark = pytest.mark.django_db

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">clic</a>',
    "<svg onload=alert(1)><circle r=10></circle></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<div onmouseover="alert(1)">survol</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onmouseover",
    "javascript:",
    "<svg",
    "<style",
    "style=",
    "<iframe",
    "<img",
    "data:",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_comment_html_removes_every_xss_vector(payload):
    """Scripts, event handlers, javascript: and data: URLs, SVG, style and images never survive."""
    html = comment_html(f"Bonjour {payload} fin").lower()
    assert not [token for token in FORBIDDEN if token in html], html


def test_comment_links_get_nofollow_ugc_and_images_are_dropped():
    html = comment_html("Voir [le site](https://example.com) ![photo](https://example.com/a.png)")
    assert '<a href="https://example.com" rel="nofollow ugc">le site</a>' in html
    assert "<img" not in html and "a.png" not in html


def test_first_comment_waits_then_later_ones_appear_at_once():
    post, reader = PostFactory(), reader_make()
    first = comment_create(post=post, author=reader, body="Premier commentaire")
    assert first.status == Comment.Status.PENDING
    first.status = Comment.Status.APPROVED
    first.save()
    second = comment_create(post=post, author=reader, body="Deuxième commentaire")
    assert second.status == Comment.Status.APPROVED


def test_comment_with_many_links_waits_for_moderation(settings):
    settings.BLOG_COMMENT_MAX_LINKS = 2
    reader = regular_reader_make()
    body = "https://a.example https://b.example et [c](https://c.example)"
    assert comment_create(post=PostFactory(), author=reader, body=body).status == Comment.Status.PENDING
    ok = comment_create(post=PostFactory(), author=reader, body="Un seul lien : https://a.example")
    assert ok.status == Comment.Status.APPROVED


@override_settings(BLOG_BANNED_WORDS=["casino", "pilules miracles"])
def test_comment_with_a_banned_word_waits_for_moderation():
    reader = regular_reader_make()
    comment = comment_create(post=PostFactory(), author=reader, body="Le meilleur CASINO en ligne")
    assert comment.status == Comment.Status.PENDING


def test_post_author_comments_appear_at_once():
    post = PostFactory(author=reader_make(is_staff=True))
    assert comment_create(post=post, author=post.author, body="Merci à tous").status == Comment.Status.APPROVED


def test_unverified_user_cannot_comment():
    with pytest.raises(PermissionDenied):
        comment_create(post=PostFactory(), author=UserFactory(), body="Bonjour")


def test_closed_post_refuses_comments():
    with pytest.raises(Conflict):
        comment_create(post=PostFactory(comments_open=False), author=reader_make(), body="Bonjour")


def test_replies_go_one_level_deep_only():
    parent = CommentFactory()
    reply = comment_create(post=parent.post, author=regular_reader_make(), body="Réponse", parent=parent)
    assert reply.parent == parent
    with pytest.raises(ApplicationError):
        comment_create(post=parent.post, author=regular_reader_make(), body="Trop profond", parent=reply)


def test_comment_page_requires_a_verified_email(client):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.post(f"/blog/{post.slug}/comments/", {"body": "Bonjour"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client):
    post = PostFactory()
    response = client.post(f"/blog/{post.slug}/comments/", {"body": "Bonjour"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pending_comment_is_hidden_from_readers_and_shown_to_the_author(client):
    comment = CommentFactory(body="Attente de validation", status=Comment.Status.PENDING)
    assert "Attente de validation" not in client.get(comment.post.get_absolute_url()).content.decode()
    client.force_login(comment.post.author)
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "Attente de validation" in page and 'value="approved"' in page


def test_posted_comment_renders_sanitised(client):
    post, reader = PostFactory(), regular_reader_make()
    client.force_login(reader)
    response = client.post(
        f"/blog/{post.slug}/comments/", {"body": "Super <script>alert(1)</script> [x](javascript:alert(2))"}
    )
    assert response.status_code == 302
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Super" in html and "alert(1)" not in html and "javascript:alert(2)" not in html


def test_comments_are_rate_limited_by_the_moderate_tier(client, settings, time_machine):
    """The 31st comment of a user within one minute is refused with 429."""
    time_machine.move_to(datetime(2030, 1, 1, 12, 0, 5, tzinfo=UTC), tick=False)
    settings.RATELIMIT_ENABLE = True
    post, reader = PostFactory(), regular_reader_make()
    client.force_login(reader)
    statuses = [client.post(f"/blog/{post.slug}/comments/", {"body": f"Message {n}"}).status_code for n in range(31)]
    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429
    assert Comment.objects.filter(post=post).count() == 30
