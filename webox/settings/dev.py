"""Development: one process (``make run``), SQLite, local memory, eager Celery, console email."""

from .base import *  # noqa: F403
from .base import BASE_DIR, ai_providers, env, payment_gateways

DEBUG = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

# make run serves everything from one daphne process, so a process-local cache
# holds the rate-limit counters correctly. django-ratelimit refuses LocMemCache
# because it is not shared between processes (E003); that cannot happen here,
# so the check is silenced for development only. Test and prod use Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "webox-dev"}}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Tasks run inside the request unless CELERY_EAGER=false and REDIS_URL point at a
# broker that `make worker` consumes.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_EAGER", default=True)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default="memory://"))
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The sandbox gateway ("Paiement de test") is on unless PAYMENTS_SANDBOX=false; Stripe/PayPal join when keyed.
PAYMENT_GATEWAYS = payment_gateways(
    sandbox=env.bool("PAYMENTS_SANDBOX", default=True), paypal_test=env.bool("PAYPAL_TEST", default=True)
)
# The offline demo AI provider is on unless AI_DEMO=false; OpenAI/Anthropic join when keyed.
AI_PROVIDERS = ai_providers(demo=env.bool("AI_DEMO", default=True))
AI_DEMO_STREAM_DELAY = env.float("AI_DEMO_STREAM_DELAY", default=0.02)  # the demo reply streams visibly
# Video jobs run inside the request here (eager tasks): poll the demo every second, not every five.
AI_VIDEO_POLL_SECONDS = env.float("AI_VIDEO_POLL_SECONDS", default=1.0)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "webox.common.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

LOGGING = logging_config(fmt="text", level=env("LOG_LEVEL", default="INFO"))  # noqa: F405
