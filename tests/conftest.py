"""Fixtures shared by every test folder."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, tmp_path):
    """Give each test an empty cache (its own Redis database under xdist) and its own media folder."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
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
