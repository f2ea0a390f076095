"""Helpers for the profile, sign-up, address, token and privacy tests."""

import io
import re

import factory
from allauth.account.models import EmailAddress
from django.core import mail
from PIL import Image

from accounts.models import Address, User
from accounts.services import api_token_create
from tests.factories import UserFactory

LINK_RE = re.compile(r"https?://testserver(/[^\s\"<>]+)")


def verified_user_make(**fields) -> User:
    """Return a user whose login address is verified (allauth lets them log in)."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def token_make(user: User, *, name: str = "script", expires_in_days: int | None = None):
    """Issue a personal API token; return the ``IssuedToken`` (token and plaintext key)."""
    return api_token_create(user=user, name=name, expires_in_days=expires_in_days)


class AddressFactory(factory.django.DjangoModelFactory):
    full_name = factory.Faker("name", locale="fr_FR")
    line1 = factory.Sequence(lambda n: f"{n} rue de la Paix")
    postal_code = "75002"
    city = "Paris"
    country = "FR"

    class Meta:
        model = Address


def image_bytes(*, size=(64, 64), fmt="PNG", mode="RGB", color=(200, 30, 90), **save_options) -> bytes:
    """Return an encoded image made by Pillow."""
    output = io.BytesIO()
    Image.new(mode, size, color if mode != "1" else 0).save(output, format=fmt, **save_options)
    return output.getvalue()


def mail_links(message) -> list[str]:
    """Return the paths of the testserver links in an email's text body."""
    return LINK_RE.findall(message.body)


def last_mail_to(address: str):
    """Return the last email sent to ``address``."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email to {address} in {[m.to for m in mail.outbox]}"
    return sent[-1]


def html_body(message) -> str:
    """Return the HTML alternative of an email (fails if there is none)."""
    htmls = [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
    assert htmls, "the email has no HTML part"
    return htmls[0]
