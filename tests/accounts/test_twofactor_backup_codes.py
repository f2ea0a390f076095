"""Backup codes: ten random single-use codes, stored only as salted HMACs, replaced as a whole set."""

import re

import pytest
from django.db import connection
from django.test import override_settings

from accounts.models import BackupCode, BackupCodeDevice, SecurityEvent
from accounts.services import twofactor_backup_codes_regenerate, twofactor_verify
from accounts.twofactor.errors import TwoFactorCodeInvalid
from tests.accounts.twofactor_support import member_make, totp_device_make

pytestmark = pytest.mark.django_db
CODE_RE = re.compile(r"^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$")


@pytest.fixture
def device(db):
    return BackupCodeDevice.objects.create(user=member_make(), name="Backup codes")


def test_a_set_is_ten_distinct_codes_from_the_unambiguous_alphabet(device):
    codes = device.codes_replace()
    assert len(codes) == len(set(codes)) == 10
    assert all(CODE_RE.match(code) for code in codes)
    assert device.codes_remaining() == 10


def test_no_code_is_stored_in_clear_anywhere_in_its_table(device):
    codes = device.codes_replace()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code_hash FROM {BackupCode._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 10
    for code in codes:
        bare = code.replace("-", "")
        assert not any(code in value or bare in value or bare.lower() in value for value in stored)
    assert all(re.fullmatch(r"[0-9a-f]{16}\$[0-9a-f]{64}", value) for value in stored)


def test_a_code_works_once(device):
    code = device.codes_replace()[0]
    assert device.verify_token(code) is True
    assert device.verify_token(code) is False
    assert device.codes_remaining() == 9


def test_a_code_is_accepted_in_lower_case_with_spaces_and_without_its_dash(device):
    codes = device.codes_replace()
    assert device.verify_token(f"  {codes[0].lower()} ") is True
    assert device.verify_token(codes[1].replace("-", " ")) is True


def test_a_wrong_or_malformed_code_is_refused(device):
    device.codes_replace()
    for attempt in ("AAAAA-AAAAA", "123456", "", "O0O0O-I1I1I", "x" * 500):
        assert device.verify_token(attempt) is False
    assert device.codes_remaining() == 10


def test_codes_survive_a_secret_key_rotation_through_the_fallback_keys(device, settings):
    code = device.codes_replace()[0]
    with override_settings(SECRET_KEY="a-brand-new-secret-key-" + "x" * 40, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert device.verify_token(code) is True


def test_codes_hashed_under_another_secret_key_are_refused(device):
    code = device.codes_replace()[0]
    with override_settings(SECRET_KEY="someone-elses-secret-key-" + "y" * 40, SECRET_KEY_FALLBACKS=[]):
        assert device.verify_token(code) is False


def test_regeneration_invalidates_the_old_set_and_records_it():
    user = member_make()
    totp_device_make(user)
    old = BackupCodeDevice.objects.create(user=user, name="Backup codes").codes_replace()
    new = twofactor_backup_codes_regenerate(user=user, code=old[0])
    assert set(new).isdisjoint(old)
    for code in old[1:3]:
        with pytest.raises(TwoFactorCodeInvalid):
            twofactor_verify(user=user, code=code)
    assert twofactor_verify(user=user, code=new[0]).persistent_id.startswith("accounts.backupcodedevice/")
    assert SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.BACKUP_CODES_REGENERATED).count() == 1


def test_using_a_backup_code_to_sign_in_is_recorded_with_the_codes_left():
    user = member_make()
    totp_device_make(user)
    code = BackupCodeDevice.objects.create(user=user, name="Backup codes").codes_replace()[0]
    twofactor_verify(user=user, code=code)
    event = SecurityEvent.objects.get(user=user, type=SecurityEvent.Type.BACKUP_CODE_USED)
    assert event.details == {"action": "login", "remaining": 9}
