"""GET /health/ reports each dependency: 200 while serving, 503 when the database is unreachable."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.db import connection

pytestmark = pytest.mark.django_db


@contextmanager
def database_unreachable(tmp_path):
    """Point the default connection where no database answers, then put the real one back.

    The live connection is set aside rather than closed: closing SQLite's in-memory
    test database would destroy it. The next query opens a new connection from the
    changed settings, and that connection attempt fails for real.
    """
    saved_settings = connection.settings_dict.copy()
    saved_connection = connection.connection
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "webox.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        connection.connection = saved_connection


def test_health_is_ok_when_every_dependency_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "broker", "workers", "storage"}
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["channel_layer"]["status"] == "ok"
    assert body["checks"]["storage"] == {**body["checks"]["storage"], "status": "ok", "media": "ok", "private": "ok"}
    assert all("latency_ms" in check for check in body["checks"].values())


def test_health_skips_the_broker_when_tasks_run_eagerly(client):
    broker = client.get("/health/").json()["checks"]["broker"]
    assert broker["status"] == "skipped"


def test_health_reports_eager_workers_as_ok(client):
    workers = client.get("/health/").json()["checks"]["workers"]
    assert workers == {**workers, "status": "ok", "mode": "eager"}


def test_health_storage_check_leaves_no_file_behind(client, settings):
    client.get("/health/")
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        assert [path for path in Path(root).rglob("*") if path.is_file()] == []


def test_health_is_degraded_but_serving_when_media_storage_is_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["storage"] == {
        **body["checks"]["storage"],
        "status": "down",
        "media": "down",
        "private": "ok",
    }
    assert body["checks"]["database"]["status"] == "ok"


def test_health_reruns_the_costly_checks_at_most_every_few_seconds(client, settings, tmp_path, monkeypatch):
    """Anyone may ask for /health/: workers and storage are checked again only once the period is over."""
    from webox import health

    monkeypatch.setattr(health, "_recent", {})  # this process's last results, empty for this test
    settings.HEALTH_SLOW_CHECKS_SECONDS = 10
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), tick=False) as clock:
        assert client.get("/health/").json()["checks"]["storage"]["status"] == "ok"
        settings.MEDIA_ROOT = blocker
        clock.shift(9)
        assert client.get("/health/").json()["checks"]["storage"]["status"] == "ok", "the last result, 9 s old"
        clock.shift(1)
        body = client.get("/health/").json()
    assert body["status"] == "degraded" and body["checks"]["storage"]["media"] == "down"


def test_health_is_never_cached(client):
    response = client.get("/health/")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_health_is_down_with_503_when_the_database_is_unreachable(client, tmp_path):
    with database_unreachable(tmp_path):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["storage"]["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_health_recovers_when_the_database_comes_back(client, tmp_path):
    with database_unreachable(tmp_path):
        client.get("/health/")
    assert client.get("/health/").json()["status"] == "ok"


def test_health_is_degraded_but_serving_when_the_cache_is_unreachable(client, redis_down):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == {**body["checks"]["cache"], "status": "down", "backend": "RedisCache"}
    assert body["checks"]["database"]["status"] == "ok"


def test_health_refuses_other_methods(client):
    assert client.post("/health/").status_code == 405


@pytest.mark.redis
def test_health_uses_redis_for_the_cache_and_the_channel_layer(client):
    checks = client.get("/health/").json()["checks"]
    assert checks["cache"] == {**checks["cache"], "status": "ok", "backend": "RedisCache"}
    assert checks["channel_layer"] == {**checks["channel_layer"], "status": "ok", "backend": "RedisChannelLayer"}


def test_health_is_degraded_but_serving_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "down"
    assert body["checks"]["workers"]["status"] == "down"


@pytest.mark.redis
def test_health_reaches_a_real_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_TEST_URL
    broker = client.get("/health/").json()["checks"]["broker"]
    assert broker == {**broker, "status": "ok", "transport": "redis"}


@pytest.mark.redis
def test_health_is_degraded_when_no_worker_answers_the_ping(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_TEST_URL
    settings.HEALTH_CHECK_TIMEOUT = 0.5
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["checks"]["workers"] == {**body["checks"]["workers"], "status": "down", "answered": False}


@pytest.mark.redis
def test_health_sees_a_real_worker_answer(client, settings, monkeypatch):
    """Start a worker on this process's Redis database; the check turns ok once it answers the ping."""
    from webox.celery import app

    assert app.conf.broker_url  # the app reads the test settings now, before they change, so they come back after
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_TEST_URL
    # The Celery app may have read the settings already (an earlier test ran a task) and keeps a pool of
    # connections to the broker it read then, through which control messages go: point it at this one.
    monkeypatch.setitem(app.conf, "broker_url", settings.REDIS_TEST_URL)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    settings.HEALTH_CHECK_TIMEOUT = 1.0
    celery = Path(sys.executable).with_name("celery")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webox.settings.test", "CELERY_BROKER_URL": settings.REDIS_TEST_URL}
    command = [str(celery), "-A", "webox", "worker", "--pool=solo", "-Q", f"health-{uuid.uuid4().hex[:8]}"]
    command += ["--loglevel=WARNING", "--without-mingle", "--without-gossip", "--without-heartbeat"]
    worker = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    try:
        deadline = time.monotonic() + 40
        workers = client.get("/health/").json()["checks"]["workers"]
        while workers["status"] != "ok" and time.monotonic() < deadline:
            workers = client.get("/health/").json()["checks"]["workers"]
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert workers == {**workers, "status": "ok", "answered": True}
    assert workers["latency_ms"] < 1000, "the first pong ends the wait"
