"""One code, two requests at the same instant: exactly one wins (PostgreSQL row locks).

SQLite has no ``SELECT ... FOR UPDATE``; these tests run on PostgreSQL only
(``DATABASE_URL=postgres://...``), the database of every deployment.
"""

import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice
from accounts.services import twofactor_verify
from tests.accounts.twofactor_support import authenticator, member_make, totp_device_make
from tests.concurrency import needs_postgresql, run_concurrently
from webox.common.errors import ApplicationError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    needs_postgresql()


def _race(verify, *, threads: int) -> list[str]:
    """Run ``verify`` in ``threads`` threads released together; return "ok" or the error code of each."""
    results = run_concurrently(lambda _index: verify(), threads)
    unexpected = [
        result for result in results if isinstance(result, Exception) and not isinstance(result, ApplicationError)
    ]
    assert unexpected == []
    return [result.code if isinstance(result, ApplicationError) else "ok" for result in results]


def test_one_totp_code_sent_twice_at_the_same_instant_is_accepted_once(monkeypatch):
    user = member_make()
    device = totp_device_make(user)
    code = authenticator(device).now()
    original = TOTPDevice.verify_token

    def slow_verify(self, token):
        time.sleep(0.3)  # widen the race: without the row lock both requests would read the same last_t
        return original(self, token)

    monkeypatch.setattr(TOTPDevice, "verify_token", slow_verify)
    results = _race(lambda: twofactor_verify(user=user, code=code), threads=2)
    assert sorted(results) == ["ok", "otp_invalid"]


def test_one_backup_code_sent_by_four_requests_at_once_is_accepted_once():
    user = member_make()
    totp_device_make(user)
    code = BackupCodeDevice.objects.create(user=user, name="Backup codes").codes_replace()[0]
    results = _race(lambda: twofactor_verify(user=user, code=code), threads=4)
    assert sorted(results) == ["ok", "otp_invalid", "otp_invalid", "otp_invalid"]
    assert BackupCodeDevice.objects.get(user=user).codes_remaining() == 9
