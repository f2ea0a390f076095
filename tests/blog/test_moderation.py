"""Moderation: the post's author and staff approve, hide or mark spam; nobody else; closing comments."""

import pytest
from django.contrib.auth.models import Group

from accounts.groups import BLOGGERS, STAFF
from blog.models import Comment, Post
from blog.services import comment_create, comment_moderate
from notifications.models import Notification
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.blog.factories import CommentFactory, PostFactory, reader_make, regular_reader_make
from tests.factories import UserFactory
from webox.common.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def blogger_make():
    user = reader_make(is_staff=True)
    user.groups.add(Group.objects.get(name=BLOGGERS))
    return user


def test_post_author_approves_a_pending_comment_from_the_post_page(client):
    post = PostFactory(author=blogger_make())
    comment = CommentFactory(post=post, status=Comment.Status.PENDING, body="À valider")
    client.force_login(post.author)
    response = client.post(f"/blog/comments/{comment.pk}/moderate/", {"status": "spam"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    client.post(f"/blog/comments/{comment.pk}/moderate/", {"status": "approved"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert "À valider" in client.get(post.get_absolute_url()).content.decode()


def test_another_blogger_cannot_moderate_or_close_comments_of_a_post(client):
    comment = CommentFactory(post=PostFactory(author=blogger_make()), status=Comment.Status.PENDING)
    client.force_login(blogger_make())
    assert client.post(f"/blog/comments/{comment.pk}/moderate/", {"status": "approved"}).status_code == 404
    assert client.post(f"/blog/{comment.post.slug}/comments/toggle/").status_code == 404
    comment.refresh_from_db()
    comment.post.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.post.comments_open


def test_staff_member_moderates_any_comment():
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF))
    comment = CommentFactory()
    comment_moderate(comment=comment, moderator=staff, status=Comment.Status.HIDDEN)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN


def test_reader_cannot_moderate():
    comment = CommentFactory(status=Comment.Status.PENDING)
    with pytest.raises(PermissionDenied):
        comment_moderate(comment=comment, moderator=regular_reader_make(), status=Comment.Status.APPROVED)


def test_author_closes_and_reopens_comments(client):
    post = PostFactory(author=blogger_make())
    client.force_login(post.author)
    client.post(f"/blog/{post.slug}/comments/toggle/")
    assert Post.objects.get(pk=post.pk).comments_open is False
    client.force_login(regular_reader_make())
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'action="/blog/' + post.slug + '/comments/"' not in page
    client.force_login(post.author)
    client.post(f"/blog/{post.slug}/comments/toggle/")
    assert Post.objects.get(pk=post.pk).comments_open is True


def test_blogger_moderates_in_the_admin_only_comments_on_their_own_posts(client):
    blogger = blogger_make()
    mine = CommentFactory(post=PostFactory(author=blogger), body="Sur mon billet", status=Comment.Status.PENDING)
    theirs = CommentFactory(body="Sur un autre billet", status=Comment.Status.PENDING)
    login_verified(client, blogger, totp_device_make(blogger))
    page = client.get("/admin/blog/comment/").content.decode()
    assert "Sur mon billet" in page and "Sur un autre billet" not in page
    data = {"action": "approve", "_selected_action": [mine.pk, theirs.pk]}
    client.post("/admin/blog/comment/", data)
    assert Comment.objects.get(pk=mine.pk).status == Comment.Status.APPROVED
    assert Comment.objects.get(pk=theirs.pk).status == Comment.Status.PENDING


def test_blogger_cannot_open_another_bloggers_post_in_the_admin(client):
    blogger, other = blogger_make(), blogger_make()
    theirs = PostFactory(author=other)
    login_verified(client, blogger, totp_device_make(blogger))
    assert client.get(f"/admin/blog/post/{theirs.pk}/change/").status_code in (302, 404)
    response = client.post(
        f"/admin/blog/post/{theirs.pk}/change/", {"title": "Piraté", "slug": theirs.slug, "body": "x"}
    )
    assert response.status_code in (302, 404)
    assert Post.objects.get(pk=theirs.pk).title == theirs.title


def test_new_comment_notifies_the_post_author():
    post = PostFactory(author=blogger_make(), title="Guide")
    comment_create(post=post, author=reader_make(), body="Une question")
    notification = Notification.objects.get(user=post.author)
    assert notification.kind == "comment_reply" and "Guide" in notification.title


def test_reply_notifies_the_commenter_and_approval_notifies_its_writer():
    parent = CommentFactory(author=regular_reader_make())
    replier = reader_make()
    reply = comment_create(post=parent.post, author=replier, body="Je réponds", parent=parent)
    assert not Notification.objects.filter(user=parent.author).exists()  # the reply waits for moderation
    comment_moderate(comment=reply, moderator=parent.post.author, status=Comment.Status.APPROVED)
    assert Notification.objects.get(user=parent.author).kind == "comment_reply"
    assert Notification.objects.get(user=replier).kind == "comment_approved"
