"""Personal data (RGPD): download everything as JSON, delete the account with the password."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Address, ApiToken, SecurityEvent, User
from accounts.services import address_create, security_event_record, user_update_profile
from accounts.services.privacy import email_hash
from accounts.signals import personal_data_requested, user_deleting
from tests.factories import DEFAULT_PASSWORD

from .profile_support import image_bytes, token_make, verified_user_make

pytestmark = pytest.mark.django_db

ADDRESS = {"full_name": "Léa Martin", "line1": "1 place Bellecour", "postal_code": "69002", "city": "Lyon"}


@pytest.fixture
def member(client):
    user = verified_user_make(email="lea@example.com", display_name="Léa", phone="0612345678")
    address_create(user=user, data=ADDRESS)
    security_event_record(type=SecurityEvent.Type.LOGIN_SUCCESS, user=user)
    client.force_login(user)
    return user


def export(client) -> dict:
    response = client.post(reverse("accounts:privacy-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="webox-data-')
    return json.loads(response.content)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_privacy_pages_render(client, member, prefix):
    assert client.get(f"{prefix}/account/privacy/").status_code == 200
    assert client.get(f"{prefix}/account/privacy/delete/").status_code == 200


def test_export_needs_a_post(client, member):
    assert client.get(reverse("accounts:privacy-export")).status_code == 405


def test_export_holds_profile_addresses_events_and_token_metadata(client, member):
    issued = token_make(member, name="backup")
    data = export(client)
    assert data["profile"]["email"] == "lea@example.com" and data["profile"]["phone"] == "0612345678"
    assert data["profile"]["notification_preferences"]["security_alert"] == {"site": True, "email": True}
    assert data["email_addresses"] == [{"email": "lea@example.com", "verified": True, "primary": True}]
    assert [row["line1"] for row in data["addresses"]] == ["1 place Bellecour"]
    assert "login_success" in [row["type"] for row in data["security_events"]]
    assert data["api_tokens"][0]["name"] == "backup" and data["api_tokens"][0]["prefix"] == issued.token.prefix
    text = json.dumps(data)
    assert issued.key not in text and issued.token.key_hash not in text
    assert "password" not in text and member.session_stamp not in text


def test_export_is_logged(client, member):
    export(client)
    assert SecurityEvent.objects.filter(user=member, type="account_exported").exists()


def test_export_includes_what_other_apps_contribute(client, member):
    def orders_section(sender, user, **kwargs):
        return {"orders": [{"number": "WBX-0001", "customer": user.email}]}

    personal_data_requested.connect(orders_section)
    try:
        data = export(client)
    finally:
        personal_data_requested.disconnect(orders_section)
    assert data["orders"] == [{"number": "WBX-0001", "customer": "lea@example.com"}]


def test_delete_refuses_a_wrong_password(client, member):
    response = client.post(reverse("accounts:account-delete"), {"password": "not my password"})
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_needs_a_post(client, member):
    client.get(reverse("accounts:account-delete"))
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_erases_the_account_and_ends_the_session(client, member, django_capture_on_commit_callbacks):
    user_update_profile(user=member, avatar=SimpleUploadedFile("me.png", image_bytes(), "image/png"))
    avatar = member.avatar.name
    token_make(member)
    pk = member.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not User.objects.filter(pk=pk).exists()
    assert not Address.objects.filter(user_id=pk).exists()
    assert not ApiToken.objects.filter(user_id=pk).exists()
    assert not EmailAddress.objects.filter(email="lea@example.com").exists()
    assert not default_storage.exists(avatar)
    assert not SecurityEvent.objects.filter(user_id=pk).exists()
    deleted = SecurityEvent.objects.get(type="account_deleted")
    assert deleted.user_id is None
    assert deleted.details == {"email_hash": email_hash("lea@example.com")}
    assert client.get(reverse("accounts:account")).status_code == 302  # logged out


def test_delete_lets_other_apps_anonymise_before_the_row_goes(client, member):
    seen = []

    def orders_anonymise(sender, user, **kwargs):
        seen.append((user.email, User.objects.filter(pk=user.pk).exists()))

    user_deleting.connect(orders_anonymise)
    try:
        client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD})
    finally:
        user_deleting.disconnect(orders_anonymise)
    assert seen == [("lea@example.com", True)]


def test_a_receiver_failure_keeps_the_account(client, member):
    """Deletion is one transaction: if an app cannot anonymise its records, nothing is deleted."""

    def broken(sender, user, **kwargs):
        raise RuntimeError("orders unavailable")

    user_deleting.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            client.post(reverse("accounts:account-delete"), {"password": DEFAULT_PASSWORD})
    finally:
        user_deleting.disconnect(broken)
    assert User.objects.filter(pk=member.pk).exists()
    assert Address.objects.filter(user=member).exists()
