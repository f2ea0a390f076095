"""A real Celery worker consumes tasks from the Redis broker (what `make worker` runs)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from webox.celery import app
from webox.tasks import WORKER_PING_KEY

pytestmark = [pytest.mark.redis, pytest.mark.filterwarnings("ignore:task_always_eager has no effect")]


@pytest.fixture
def worker():
    """Start a solo-pool worker on a queue of its own, against this test process's Redis database."""
    if not settings.REDIS_TEST_URL:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    celery = Path(sys.executable).with_name("celery")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webox.settings.test", "CELERY_BROKER_URL": settings.REDIS_TEST_URL}
    command = [str(celery), "-A", "webox", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    yield queue
    process.terminate()
    process.wait(timeout=20)


def test_task_sent_to_the_broker_runs_in_the_worker(worker):
    token = uuid.uuid4().hex
    with app.connection_for_write(settings.REDIS_TEST_URL) as connection:
        app.send_task("webox.tasks.worker_ping_task", args=[token], queue=worker, connection=connection)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and cache.get(WORKER_PING_KEY.format(token=token)) is None:
        time.sleep(0.2)
    assert cache.get(WORKER_PING_KEY.format(token=token)) == "pong"
