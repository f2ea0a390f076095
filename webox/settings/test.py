"""Tests: PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set, else SQLite and memory.

Each pytest-xdist worker takes its own Redis database number (1..15) so that
workers never see each other's keys; the test fixtures flush it.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env, redis_cache, redis_channel_layer

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
SITE_URL = "http://testserver"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}")}
DATABASES["default"]["TEST"] = {"NAME": None}


def _worker_number() -> int:
    """Return 0 for the main process, 1.. for pytest-xdist workers gw0, gw1..."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) + 1 if worker.startswith("gw") else 0


def redis_test_url(url: str) -> str:
    """Return ``url`` pointed at this process's own Redis database number."""
    base, _, _db = url.rstrip("/").rpartition("/")
    return f"{base}/{1 + _worker_number() % 15}"


REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    REDIS_TEST_URL = redis_test_url(REDIS_URL)
    CACHES = {"default": redis_cache(REDIS_TEST_URL, prefix="webox-test")}
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_TEST_URL, prefix="webox-test")}
else:
    REDIS_TEST_URL = ""
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "webox-test"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Without Redis the suite runs in one process per worker: see dev.py.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# pytest-django's live_server speaks WSGI only: its pages must not try ws/notifications/ (a 404 in the
# browser console). Pages served over ASGI (tests/e2e/asgi_server.py) open the socket all the same.
NOTIFICATIONS_LIVE = False
CELERY_TASK_ALWAYS_EAGER = True
HEALTH_SLOW_CHECKS_SECONDS = 0  # every /health/ runs every check (tests/webox/test_health.py turns it on)
# A real worker (tests/workers/test_celery_worker.py) is pointed at Redis through this variable.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Only the sandbox, whatever the environment says; tests add Stripe and PayPal pointed at
# the local emulators of tests/fakes/. (System checks do not run under pytest.)
PAYMENT_GATEWAYS = {"sandbox": {"CLASS": "payments.gateways.sandbox.SandboxGateway", "OFFLINE_ONLY": True}}
PAYPAL_TEST = True
# Only the offline demo AI provider; tests add real adapters pointed at the local emulators.
AI_PROVIDERS = {"demo": {"CLASS": "ai_studio.providers.demo.DemoProvider", "OFFLINE_ONLY": True}}
AI_VIDEO_POLL_SECONDS = 0.05  # video jobs poll their provider (the demo, an emulator) without waiting
AI_SHORTS_FPS = 6  # fewer frames to encode: the shorts tests check sizes, durations and sound
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "webox.common.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"

LOGGING = logging_config(fmt="text", level="WARNING")  # noqa: F405
