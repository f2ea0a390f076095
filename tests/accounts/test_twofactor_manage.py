"""Living with two-factor authentication: new backup codes, turning it off."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, SecurityEvent
from tests.accounts.twofactor_support import authenticator, login_verified, member_make, totp_device_make
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
CODE_RE = re.compile(r"<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>")


@pytest.fixture
def verified(client):
    """A signed-in, verified 2FA user with backup codes; returns (client, user, device, backup codes)."""
    user = member_make()
    device = totp_device_make(user)
    codes = BackupCodeDevice.objects.create(user=user, name="Backup codes").codes_replace()
    login_verified(client, user, device)
    return client, user, device, codes


def _other_session(user, device) -> Client:
    other = Client()
    login_verified(other, user, device)
    assert other.get("/api/v1/me/").status_code == 200
    return other


def test_new_backup_codes_need_a_current_code_and_replace_the_old_ones(verified):
    client, user, device, old = verified
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        refused = client.post(reverse("twofactor-backup-codes"), {"code": "000000"})
        assert refused.status_code == 200 and not CODE_RE.findall(refused.content.decode())
        traveller.shift(2)  # django-otp's back-off after a wrong code: 1 s
        response = client.post(reverse("twofactor-backup-codes"), {"code": authenticator(device).now()})
    new = CODE_RE.findall(response.content.decode())
    assert len(new) == 10 and set(new).isdisjoint(old)
    backup = BackupCodeDevice.objects.get(user=user)
    assert backup.verify_token(old[0]) is False
    assert backup.verify_token(new[0]) is True


def test_new_backup_codes_end_the_other_sessions(verified):
    client, user, device, old = verified
    other = _other_session(user, device)
    client.post(reverse("twofactor-backup-codes"), {"code": old[0]})
    assert other.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 200


def test_turning_off_needs_the_password(verified):
    client, user, device, _codes = verified
    response = client.post(reverse("twofactor-disable"), {"password": "wrong", "code": authenticator(device).now()})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()


def test_turning_off_needs_a_current_code(verified):
    client, user, _device, _codes = verified
    response = client.post(reverse("twofactor-disable"), {"password": DEFAULT_PASSWORD, "code": "000000"})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.TWO_FACTOR_FAILURE).exists()


def test_turning_off_with_password_and_code_removes_every_device_and_ends_other_sessions(verified):
    client, user, device, _codes = verified
    other = _other_session(user, device)
    data = {"password": DEFAULT_PASSWORD, "code": authenticator(device).now()}
    response = client.post(reverse("twofactor-disable"), data)
    assert response["Location"] == reverse("twofactor-manage")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not BackupCodeDevice.objects.filter(user=user).exists()
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.TWO_FACTOR_DISABLED).count() == 1
    assert other.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 200


def test_a_backup_code_can_turn_two_factor_off(verified):
    client, user, _device, codes = verified
    client.post(reverse("twofactor-disable"), {"password": DEFAULT_PASSWORD, "code": codes[3]})
    assert not TOTPDevice.objects.filter(user=user).exists()
