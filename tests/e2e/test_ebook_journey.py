"""A customer builds a two-chapter eBook with the demo provider in a real browser, and downloads its PDF."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from ai_studio.services import credits_grant
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def customer_page(browser_page, live_server):
    """Return the browser page of a signed-in customer holding 300 AI credits."""
    customer = member_make(display_name="Camille Martin", preferred_language="fr")
    credits_grant(user=customer, amount=300, reason="test")
    client = Client()
    login_verified(client, customer, totp_device_make(customer))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return browser_page


def test_customer_drafts_an_outline_edits_it_builds_the_ebook_and_downloads_the_pdf(customer_page, tmp_path):
    page = customer_page
    page.goto("/studio/ebook/")
    form = page.locator("form[data-ebook-form]")
    form.locator("select[name=model]").select_option("demo-chat")
    form.locator("input[name=title]").fill("Jardiner en ville")
    form.locator("input[name=chapters]").fill("2")
    form.locator("input[name=audience]").fill("les citadins débutants")
    form.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(r"/studio/ebook/outline/\d+/$"))
    outline = page.locator("form[data-outline-form]")
    first = outline.locator("input[name=chapter_1]")
    assert first.input_value() == "Chapitre 1 — Jardiner en ville"
    first.fill("Choisir ses contenants")
    outline.locator("input[name=chapter_2]").fill("Arroser sans gaspiller")
    outline.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(r"/studio/ebook/\d+/$"))
    link = page.locator("[data-ebook-job] a[data-job-download]")
    link.wait_for()
    with page.expect_download() as caught:
        link.click()
    path = Path(tmp_path / "book.pdf")
    caught.value.save_as(path)
    data = path.read_bytes()
    assert data[:5] == b"%PDF-"
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) >= 4  # cover, contents, two chapters
    assert [item.title for item in reader.outline] == ["Choisir ses contenants", "Arroser sans gaspiller"]
    assert page.problems.messages == []
