"""A visitor opens the home page in a real browser, switches to English, and reads it on a phone."""

from urllib.parse import urlsplit

import pytest


def test_home_page_renders_without_console_errors_or_failed_requests(browser_page):
    response = browser_page.goto("/")
    assert response.status == 200
    assert browser_page.locator("h1").first.is_visible()
    assert browser_page.locator("html").get_attribute("lang") == "fr"
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.problems.messages == []


def test_language_switch_shows_the_english_page(browser_page):
    browser_page.goto("/")
    english = browser_page.locator("header form[action$='/i18n/setlang/'] button[name='language'][value='en']")
    with browser_page.expect_navigation():
        english.click()
    assert urlsplit(browser_page.url).path == "/en/"
    assert browser_page.locator("html").get_attribute("lang") == "en"
    assert browser_page.locator("h1").first.is_visible()
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.problems.messages == []


def test_language_switch_brings_an_english_visitor_back_to_french(browser_page):
    browser_page.goto("/en/")
    french = browser_page.locator("header form[action$='/i18n/setlang/'] button[name='language'][value='fr']")
    with browser_page.expect_navigation():
        french.click()
    assert urlsplit(browser_page.url).path == "/"
    assert browser_page.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_fits_a_360_pixel_phone_without_horizontal_scroll(browser_page, path):
    browser_page.set_viewport_size({"width": 360, "height": 740})
    browser_page.goto(path)
    browser_page.wait_for_load_state("networkidle")
    scroll_width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    assert browser_page.problems.messages == []


def test_browser_enforces_the_content_security_policy(browser_page):
    """An injected inline script is refused and reported, which is how the tests above would see one."""
    browser_page.goto("/")
    browser_page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.documentElement.dataset.injected = 'yes'";
            document.body.appendChild(script);
        }"""
    )
    assert browser_page.locator("html").get_attribute("data-injected") is None
    browser_page.wait_for_timeout(200)
    assert any("Content Security Policy" in message for message in browser_page.problems.messages)
