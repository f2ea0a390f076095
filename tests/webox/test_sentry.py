"""Error tracking: Sentry is off without SENTRY_DSN; with one, errors reach it without personal data."""

import logging
import os
import subprocess
import sys

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client
from django.urls import path

from tests.factories import UserFactory
from tests.fakes.sentry_emulator import SentryEmulator
from webox.monitoring.sentry import sentry_init
from webox.urls import urlpatterns as site_urlpatterns

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "webox.settings.prod",
    "SECRET_KEY": "prod-test-" + "k9Xv2pQ7rT4wZ8mB1nC6dF3gH5jL0sA" * 2,
    "ALLOWED_HOSTS": "webox.example",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _broken_view(request):
    raise RuntimeError("the basket exploded")


urlpatterns = [path("broken/", _broken_view), *site_urlpatterns]


@pytest.fixture
def sentry():
    """A local Sentry endpoint; the SDK's client is closed and forgotten afterwards."""
    emulator = SentryEmulator().start()
    yield emulator
    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.get_global_scope().set_client(None)
    emulator.stop()


def _client_active_in_prod(**env: str) -> str:
    kept = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    code = "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().is_active())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**kept, **PROD_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_prod_settings_leave_sentry_off_without_a_dsn():
    assert _client_active_in_prod() == "False"


def test_prod_settings_start_sentry_when_a_dsn_is_set(sentry):
    assert _client_active_in_prod(SENTRY_DSN=sentry.dsn()) == "True"


def test_sentry_init_does_nothing_without_a_dsn():
    assert sentry_init(dsn="") is False
    assert not sentry_sdk.get_client().is_active()


@pytest.mark.django_db
@pytest.mark.urls("tests.webox.test_sentry")
def test_an_unhandled_error_reaches_sentry_without_personal_data(sentry):
    assert sentry_init(dsn=sentry.dsn(), environment="test", release="webox@1.2.3", traces_sample_rate=0.0)
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(email="camille.martin@example.com"))
    client.cookies["csrftoken"] = "secret-csrf-cookie"
    assert client.get("/broken/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 500
    sentry_sdk.flush(timeout=5)

    crashes = [event for event in sentry.events if event.get("exception")]
    assert crashes, "the error was sent"
    event = crashes[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["release"] == "webox@1.2.3" and event["environment"] == "test"
    assert "secret-csrf-cookie" not in str(event)
    assert "camille.martin@example.com" not in str(event)
    assert "203.0.113.9" not in str(event)


def test_an_error_logged_by_the_project_reaches_sentry(sentry):
    sentry_init(dsn=sentry.dsn())
    logging.getLogger("webox.payments").error("capture refused by the gateway")
    sentry_sdk.flush(timeout=5)
    assert any(event.get("logentry", {}).get("message") == "capture refused by the gateway" for event in sentry.events)
