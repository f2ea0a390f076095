"""Fixtures shared by every test folder."""

import os

import pytest
from django.test import override_settings

from webox.settings.base import redis_cache

# Port 1 on loopback: nothing listens there, so a connection is refused at once.
UNREACHABLE_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _skip_without_redis(request):
    """Skip tests marked ``redis`` when no real Redis is configured (REDIS_URL unset)."""
    if request.node.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: this test needs a real Redis server")


@pytest.fixture
def redis_down():
    """Use the production cache configuration (django-redis) against a Redis that does not answer."""
    with override_settings(CACHES={"default": redis_cache(UNREACHABLE_REDIS_URL, prefix="webox-down")}):
        yield


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, tmp_path):
    """Give each test an empty cache (its own Redis database under xdist) and its own media folder."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(db):
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client_verified(client, staff_user):
    """A test client signed in as a superuser whose session passed the second factor (the back office needs it)."""
    from tests.accounts.twofactor_support import login_verified, totp_device_make

    login_verified(client, staff_user, totp_device_make(staff_user))
    return client


@pytest.fixture
def english(settings):
    """Run the test in English: for tests that read the English wording of messages.

    The URL resolver caches language prefixes per language, so its caches are
    cleared when the default language changes and again afterwards.
    """
    from django.urls import clear_url_caches
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    with translation.override("en"):
        yield
    clear_url_caches()
