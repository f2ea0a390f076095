"""A new visitor signs up, verifies the address, turns on 2FA, and signs in again with the app's code.

The live server runs in a thread of this process with the locmem email
backend, so the verification email is read from ``django.core.mail.outbox``.
The authenticator app is pyotp, fed with the secret the set-up page shows.
"""

import re
from datetime import datetime
from urllib.parse import urlsplit

import pyotp
import pytest
from django.core import mail

EMAIL = "nouvelle.cliente@example.com"
PASSWORD = "une phrase de passe assez longue pour 2026"

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type='submit']").last.click()


def _sign_up(page) -> None:
    page.goto("/accounts/signup/")
    form = page.locator("main form[method='post']").first
    form.locator("input[name='email']").fill(EMAIL)
    form.locator("input[name='password1']").fill(PASSWORD)
    form.locator("input[name='password2']").fill(PASSWORD)
    for checkbox in form.locator("input[type='checkbox'][name*='terms']").all():
        checkbox.check()
    _submit(page, form)


def _verify_email(page) -> None:
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(link).path)
    _submit(page, page.locator("main form[method='post']").first)


def _log_in(page) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form[method='post']").first
    form.locator("input[name='login']").fill(EMAIL)
    form.locator("input[name='password']").fill(PASSWORD)
    _submit(page, form)


def _enter_code(page, code: str) -> None:
    form = page.locator("main form[method='post']").first
    form.locator("input[name='code']").fill(code)
    _submit(page, form)


def test_sign_up_verify_enable_2fa_and_log_in_with_totp(browser_page):
    page = browser_page
    _sign_up(page)
    _verify_email(page)
    _log_in(page)
    assert urlsplit(page.url).path != "/accounts/login/"

    page.goto("/accounts/2fa/setup/")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    app = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    setup_step = app.timecode(datetime.now())
    _enter_code(page, app.now())
    assert page.locator("#backup-codes li").count() == 10

    page.goto("/accounts/logout/")
    _submit(page, page.locator("main form[method='post']").first)
    _log_in(page)
    assert urlsplit(page.url).path == "/accounts/2fa/verify/"
    assert page.goto("/account/").url.split("?")[0].endswith("/accounts/2fa/verify/")  # not logged in yet

    # The set-up code's step cannot be used twice: if the clock is still in that step,
    # use the next step's code. (django-otp re-syncs its drift when a code from the
    # previous step is accepted, so a future code is only safe in the same step.)
    now = datetime.now()
    _enter_code(page, app.at(now) if app.timecode(now) > setup_step else app.at(now, counter_offset=1))
    response = page.goto("/account/")
    assert response.status == 200
    assert urlsplit(page.url).path == "/account/"
    assert EMAIL in page.content()
    # Requests aborted because the test moved on to the next page are not the site's problems.
    assert [message for message in page.problems.messages if "net::ERR_ABORTED" not in message] == []
