"""Turning two-factor authentication on: QR code and secret, a first code, backup codes shown once."""

import base64
import re

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode, SecurityEvent
from accounts.twofactor.qr import qr_svg_data_uri
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make

pytestmark = pytest.mark.django_db
QR_RE = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
SECRET_RE = re.compile(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<')
CODE_RE = re.compile(r"<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>")


@pytest.fixture
def member_client(client):
    user = member_make()
    client.force_login(user)
    return client, user


def _secret(response) -> str:
    return SECRET_RE.search(response.content.decode()).group(1).replace(" ", "")


def test_the_setup_page_shows_an_inline_qr_code_and_the_secret_in_text(member_client):
    client, user = member_client
    response = client.get(reverse("twofactor-setup"))
    assert response.status_code == 200
    html = response.content.decode()
    svg = base64.b64decode(QR_RE.search(html).group(1)).decode()
    assert svg.startswith("<svg") and "<script" not in svg
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert _secret(response) == base64.b32encode(device.bin_key).decode()
    assert "issuer=WEBOX" in device.config_url and f"secret={_secret(response)}" in device.config_url
    assert QR_RE.search(html).group(0) == f'src="{qr_svg_data_uri(device.config_url)}"'
    assert "<script" not in html.split("<main", 1)[1] and 'style="' not in html


def test_reloading_the_setup_page_keeps_the_same_secret(member_client):
    client, _user = member_client
    assert _secret(client.get(reverse("twofactor-setup"))) == _secret(client.get(reverse("twofactor-setup")))
    assert TOTPDevice.objects.count() == 1


def test_a_first_code_turns_two_factor_on_and_shows_ten_backup_codes_once(member_client):
    client, user = member_client
    secret = _secret(client.get(reverse("twofactor-setup")))
    response = client.post(reverse("twofactor-setup"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = CODE_RE.findall(response.content.decode())
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.TWO_FACTOR_ENABLED).count() == 1
    # This session is the one that proved the code: it stays signed in and verified.
    assert client.get("/api/v1/me/").status_code == 200
    later = client.get(reverse("twofactor-backup-codes")).content.decode()
    assert not any(code in later for code in codes)
    assert client.get(reverse("twofactor-setup"))["Location"] == reverse("twofactor-manage")


def test_backup_codes_are_stored_nowhere_in_clear_not_even_in_the_session(member_client):
    client, _user = member_client
    secret = _secret(client.get(reverse("twofactor-setup")))
    response = client.post(reverse("twofactor-setup"), {"code": pyotp.TOTP(secret).now()})
    codes = CODE_RE.findall(response.content.decode())
    stored = list(BackupCode.objects.values_list("code_hash", flat=True))
    stored += [str(session.get_decoded()) for session in Session.objects.all()]
    for code in codes:
        assert not any(code in value or code.replace("-", "") in value for value in stored)


def test_a_wrong_first_code_leaves_two_factor_off(member_client):
    client, user = member_client
    client.get(reverse("twofactor-setup"))
    response = client.post(reverse("twofactor-setup"), {"code": "123456"})
    assert response.status_code == 200
    assert "form-field__error" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.TWO_FACTOR_FAILURE).count() == 1


def test_the_backup_codes_download_as_a_text_file(member_client):
    client, _user = member_client
    codes = ["ABCDE-FGHJK", "23456-789AB"]
    response = client.post(reverse("twofactor-backup-codes-download"), {"codes": codes})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="webox-backup-codes.txt"'
    assert all(code in response.content.decode() for code in codes)


def test_the_download_echoes_nothing_but_backup_codes(member_client):
    client, _user = member_client
    for codes in (["<script>alert(1)</script>"], [], ["ABCDE-FGHJK"] * 11):
        assert client.post(reverse("twofactor-backup-codes-download"), {"codes": codes}).status_code == 400


def test_enabling_two_factor_ends_the_other_sessions_and_keeps_this_one(member_client):
    client, user = member_client
    other = Client()
    other.force_login(user)
    assert other.get("/api/v1/me/").status_code == 200
    secret = _secret(client.get(reverse("twofactor-setup")))
    client.post(reverse("twofactor-setup"), {"code": pyotp.TOTP(secret).now()})
    assert other.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 200


def test_the_setup_pages_need_a_signed_in_user(client):
    for name in ("twofactor-setup", "twofactor-manage", "twofactor-backup-codes", "twofactor-disable"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_manage_page_says_whether_two_factor_is_on(client):
    user = member_make()
    client.force_login(user)
    assert 'badge--warning" id="twofactor-status"' in client.get(reverse("twofactor-manage")).content.decode()
    login_verified(client, user, totp_device_make(user))
    page = client.get(reverse("twofactor-manage")).content.decode()
    assert 'badge--success" id="twofactor-status"' in page
