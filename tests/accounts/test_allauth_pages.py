"""Every allauth page renders in the site's layout, in French and in English, with labelled fields."""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

from .profile_support import verified_user_make

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en"]
ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_inactive",
]
SIGNED_IN_PAGES = ["account_logout", "account_email", "account_change_password", "account_reauthenticate"]


class FormAudit(HTMLParser):
    """Collect the form controls, the labels and the headings of a page."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.classes, self.h1 = [], set(), set(), []
        self.html_lang, self._in_h1 = None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.update((attrs.get("class") or "").split())
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append(attrs)
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1 and data.strip():
            self.h1.append(data.strip())

    def unlabelled(self) -> list[dict]:
        return [c for c in self.controls if c.get("id") not in self.label_for and not c.get("aria-label")]


def audit(response) -> FormAudit:
    parser = FormAudit()
    parser.feed(response.content.decode())
    return parser


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def assert_site_page(response, language: str) -> FormAudit:
    assert response.status_code == 200
    page = audit(response)
    assert page.html_lang == language
    assert "site-header" in page.classes and "auth-page" in page.classes
    assert page.unlabelled() == [], "every form control has a label"
    assert page.h1, "the page has a heading"
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_allauth_page_renders_in_the_site_layout(client, name, language):
    assert_site_page(client.get(url(name, language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_allauth_page_renders_in_the_site_layout(client, name, language):
    client.force_login(verified_user_make())
    assert_site_page(client.get(url(name, language)), language)


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_allauth_page_heading_is_translated(client, name):
    """The French heading is allauth's French, not the English text left as is."""
    french = audit(client.get(url(name, "fr"))).h1
    english = audit(client.get(url(name, "en"))).h1
    assert french != english


@pytest.mark.parametrize("language", LANGUAGES)
def test_set_password_page_renders_for_a_user_without_password(client, language):
    user = verified_user_make()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert_site_page(client.get(url("account_set_password", language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_email_pages_render_for_a_valid_and_a_bad_key(client, language):
    user = UserFactory()
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    valid = client.get(url("account_confirm_email", language, key=key))
    assert_site_page(valid, language)
    assert f'action="{url("account_confirm_email", language, key=key)}"' in valid.content.decode()
    bad = client.get(url("account_confirm_email", language, key="not-a-key"))
    assert_site_page(bad, language)
    assert url("account_email", language) in bad.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_key_pages_render_for_a_valid_and_a_bad_key(client, language):
    user = verified_user_make()
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    uidb36, token = key.split("-", 1)
    response = client.get(url("account_reset_password_from_key", language, uidb36=uidb36, key=token))
    assert response.status_code == 302
    form_page = assert_site_page(client.get(response["Location"]), language)
    assert {"password1", "password2"} <= {control.get("name") for control in form_page.controls}
    bad = client.get(url("account_reset_password_from_key", language, uidb36="zz", key="bad-token"))
    assert_site_page(bad, language)


def test_allauth_forms_use_the_site_classes(client):
    body = client.get(reverse("account_signup")).content.decode()
    assert 'class="btn btn--primary"' in body
    assert 'class="form-field' in body
    assert re.search(r'<div class="form-field__help" id="id_password1_helptext">', body)


def test_field_errors_are_tied_to_their_input(client):
    body = client.post(reverse("account_signup"), {"email": "not-an-email"}).content.decode()
    assert 'aria-invalid="true"' in body
    assert re.search(r'<input[^>]+name="email"[^>]+aria-describedby="[^"]*id_email_error', body)
    assert 'id="id_email_error"' in body
