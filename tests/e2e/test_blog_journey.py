"""A blogger writes and publishes a post in the back office, a reader comments, the blogger approves it.

The blogger is staff, so the back office needs their second factor: the code
comes from pyotp, fed with the TOTP device's secret. The reader is a member
with a verified address; their first comment waits for moderation.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.groups import BLOGGERS
from blog.models import Comment, Post
from tests.accounts.twofactor_support import authenticator, member_make, totp_device_make
from tests.e2e.conftest import PageProblems
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "Merci, ce guide m'a beaucoup aidé !"


def _submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()


def _log_in(page, email: str, *, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    form = page.locator("main form[method='post']").first
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(DEFAULT_PASSWORD)
    _submit(page, form)


def _enter_code(page, code: str) -> None:
    form = page.locator("main form[method='post']").first
    form.locator("input[name='code']").fill(code)
    _submit(page, form)


def _write_post_in_admin(page) -> None:
    """Fill the admin's add form of a post (the slug follows the title) and publish it at once."""
    page.goto("/admin/blog/post/add/")
    published = timezone.localtime() - timedelta(minutes=5)
    page.fill("#id_title", "Bien débuter avec le studio IA")
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", published.strftime("%d/%m/%Y"))
    page.fill("#id_published_at_1", published.strftime("%H:%M:%S"))
    page.fill("#id_excerpt", "Trois conseils pour vos premiers projets.")
    page.fill("#id_body", "## Premier conseil\n\nCommencez petit.\n\n## Deuxième conseil\n\nItérez.")
    assert page.locator(".blog-admin-preview h2").first.inner_text() == "Premier conseil"  # the live preview
    with page.expect_navigation():
        page.click("input[name='_save']")


@pytest.fixture
def blogger():
    user = member_make(is_staff=True, display_name="Camille Blog")
    user.groups.add(Group.objects.get(name=BLOGGERS))
    return user, totp_device_make(user)


@pytest.fixture
def reader_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    yield page
    context.close()


def test_blogger_publishes_reader_comments_blogger_approves(browser_page, reader_page, blogger):
    user, device = blogger
    page = browser_page
    _log_in(page, user.email, next_url="/admin/blog/post/add/")
    _enter_code(page, authenticator(device).now())
    _write_post_in_admin(page)
    post = Post.objects.get(slug="bien-debuter-avec-le-studio-ia")  # the slug the admin proposed from the title
    assert post.author == user and post.is_visible

    reader = member_make(display_name="Lou Lectrice")
    _log_in(reader_page, reader.email, next_url=post.get_absolute_url())
    assert reader_page.locator("h1").inner_text() == "Bien débuter avec le studio IA"
    form = reader_page.locator("#comments form[method='post']").last
    form.locator("textarea[name='body']").fill(COMMENT)
    _submit(reader_page, form)
    assert Comment.objects.get(post=post).status == Comment.Status.PENDING
    assert reader_page.locator(".comments__list").count() == 0

    page.goto(post.get_absolute_url())
    comment = page.locator(".comment", has_text=COMMENT)
    with page.expect_navigation():
        comment.locator("button[value='approved']").click()
    assert Comment.objects.get(post=post).status == Comment.Status.APPROVED

    reader_page.reload()
    assert reader_page.locator(".comments__list .comment", has_text=COMMENT).count() == 1
    # The live server speaks plain HTTP: the notification bell's socket (/ws/) cannot connect there.
    problems = [message for message in reader_page.problems.messages if "/ws/notifications/" not in message]
    assert [message for message in problems if "net::ERR_ABORTED" not in message] == []
