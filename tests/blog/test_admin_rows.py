"""In the back office a blogger sees and edits only their own posts; Staff sees them all."""

import pytest
from django.contrib.auth.models import Group

from accounts.groups import BLOGGERS, STAFF
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.blog.factories import PostFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def member_of(group_name):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def staff_login(client, user) -> None:
    """Sign in to the back office: staff need a session verified by their second factor."""
    login_verified(client, user, totp_device_make(user))


def test_blogger_lists_only_their_own_posts(client):
    blogger = member_of(BLOGGERS)
    mine, theirs = PostFactory(author=blogger, title="Mon billet"), PostFactory(title="Son billet")
    staff_login(client, blogger)
    page = client.get("/admin/blog/post/").content.decode()
    assert mine.title in page and theirs.title not in page
    assert client.get(f"/admin/blog/post/{theirs.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/blog/post/{mine.pk}/change/").status_code == 200


def test_blogger_cannot_give_a_post_to_someone_else(client):
    blogger, other = member_of(BLOGGERS), UserFactory(is_staff=True)
    staff_login(client, blogger)
    response = client.post(
        "/admin/blog/post/add/",
        {"title": "Nouveau", "slug": "nouveau", "author": other.pk, "status": "draft", "excerpt": "", "body": "x"},
    )
    assert response.status_code == 302
    from blog.models import Post

    assert Post.objects.get(slug="nouveau").author == blogger


def test_staff_group_lists_every_post(client):
    PostFactory(title="Premier"), PostFactory(title="Second")
    staff_login(client, member_of(STAFF))
    page = client.get("/admin/blog/post/").content.decode()
    assert "Premier" in page and "Second" in page


def test_admin_markdown_preview_renders_sanitised_html(client):
    blogger = member_of(BLOGGERS)
    staff_login(client, blogger)
    response = client.post("/admin/blog/post/markdown-preview/", {"body": "## Titre\n\n<script>alert(1)</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="h-titre">Titre</h2>' in html and "<script" not in html
    page = client.get("/admin/blog/post/add/").content.decode()
    assert "data-markdown-preview-url" in page and "markdown-preview.js" in page


def test_admin_markdown_preview_is_for_bloggers_only(client):
    client.force_login(UserFactory())
    response = client.post("/admin/blog/post/markdown-preview/", {"body": "x"})
    assert response.status_code == 302  # sent to the admin login
