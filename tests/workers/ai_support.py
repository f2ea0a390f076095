"""A slow AI provider and the worker process that runs AI jobs against Redis and the test database.

The worker is a separate process: it loads ``tests.workers.ai_worker_settings``, which reads the
test database name, the private media folder, the queue and the slow provider's options from
environment variables set here.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from celery import Celery
from django.conf import settings
from django.db import connection

from ai_studio.providers import ChatResult, ProviderStatus, Usage

SLOW_MODEL = {
    "id": "slow-chat",
    "provider": "slow",
    "model": "slow",
    "name": "Slow chat (tests)",
    "capability": "chat",
    "price_in_per_1k": 1,
    "price_out_per_1k": 2,
}
SLOW_ANSWER_USAGE = Usage(input_tokens=1000, output_tokens=2000)


def slow_provider_config(*, pid_file: str, seconds: float) -> dict:
    """Return the ``AI_PROVIDERS`` entry of the slow provider."""
    return {"CLASS": "tests.workers.ai_support.SlowProvider", "OPTIONS": {"pid_file": pid_file, "seconds": seconds}}


class SlowProvider:
    """A chat provider that writes its process id to ``pid_file``, then answers after ``seconds``."""

    label = "Slow"
    is_demo = False

    def __init__(self, *, alias: str, pid_file: str = "", seconds: float = 0):
        self.alias, self.pid_file, self.seconds = alias, pid_file, float(seconds)

    def status(self) -> ProviderStatus:
        return ProviderStatus(available=True)

    def chat(self, request) -> ChatResult:
        if self.pid_file:
            with open(self.pid_file, "a") as pids:
                pids.write(f"{os.getpid()}\n")
        time.sleep(self.seconds)
        return ChatResult(text="Réponse lente", usage=SLOW_ANSWER_USAGE)

    def chat_stream(self, request):
        yield from ()


def sender_app(queue: str) -> Celery:
    """Return a Celery app that sends tasks to ``queue`` on the test Redis broker (never eagerly)."""
    app = Celery("webox-test-sender", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=settings.REDIS_TEST_URL, task_always_eager=False, task_default_queue=queue)
    return app


def worker_start(*, queue: str, pid_file: str, seconds: float) -> subprocess.Popen:
    """Start a prefork worker with one child on ``queue``, seeing this test's database and private media."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.workers.ai_worker_settings",
        "CELERY_BROKER_URL": settings.REDIS_TEST_URL,
        "WEBOX_TEST_DB_NAME": connection.settings_dict["NAME"],
        "WEBOX_TEST_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "WEBOX_TEST_QUEUE": queue,
        "WEBOX_TEST_SLOW_PID_FILE": pid_file,
        "WEBOX_TEST_SLOW_SECONDS": str(seconds),
    }
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "webox", "worker", "--pool=prefork", "--concurrency=1", "-Q", queue]
    command += ["--loglevel=WARNING", "--without-mingle", "--without-gossip", "--without-heartbeat"]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)


def wait_for(predicate, *, what: str, timeout: float):
    """Poll ``predicate`` until it returns something true (returned), or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
