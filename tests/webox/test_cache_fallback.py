"""A Redis outage turns cache reads into misses and logs a warning; pages keep answering."""

import logging

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_cache_get_is_a_miss_when_redis_is_unreachable(redis_down):
    assert cache.get("anything") is None
    assert cache.get("anything", "fallback") == "fallback"


def test_cache_set_does_not_raise_when_redis_is_unreachable(redis_down):
    cache.set("key", "value", timeout=10)
    cache.delete("key")
    assert cache.get("key") is None


def test_cache_outage_is_logged_on_the_system_logger(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="webox.system"):
        cache.get("anything")
    records = [record for record in caplog.records if record.name == "webox.system"]
    assert records, "django-redis should log ignored exceptions on DJANGO_REDIS_LOGGER"
    assert all(record.levelno >= logging.WARNING for record in records)
    assert records[0].exc_info is not None


def test_home_page_answers_when_redis_is_unreachable(client, redis_down):
    response = client.get("/")
    assert response.status_code == 200


def test_language_switch_works_when_redis_is_unreachable(client, redis_down):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


@pytest.mark.redis
def test_cache_round_trips_through_real_redis():
    cache.set("greeting", {"fr": "bonjour"}, timeout=10)
    assert cache.get("greeting") == {"fr": "bonjour"}
    cache.set("counter", 0, timeout=10)
    assert cache.incr("counter") == 1
