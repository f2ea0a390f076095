"""Production: every value from the environment; secrets have no default.

Start-up fails (ImproperlyConfigured) when SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL or REDIS_URL is missing.
"""

from django.core.exceptions import ImproperlyConfigured

from webox.monitoring.sentry import sentry_init

from .base import *  # noqa: F403
from .base import PAYMENTS_SANDBOX, env, logging_config, payment_gateways, redis_cache, redis_channel_layer

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable to a long random value, not an empty one.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env("REDIS_URL")
CACHES = {"default": redis_cache(REDIS_URL)}
CHANNEL_LAYERS = {"default": redis_channel_layer(env("CHANNEL_LAYER_URL", default=REDIS_URL))}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# nginx in front: the client address is the right-most X-Forwarded-For hop.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)

# HTTPS everywhere; the proxy terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics/?$"]
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload is the safe default for an HTTPS-only site (check --deploy W021). Setting
# it false is a deliberate opt-out, so the check's reminder is silenced then.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# PayPal is live unless PAYPAL_TEST=true says otherwise (a sandbox IPN is then refused).
PAYPAL_TEST = env.bool("PAYPAL_TEST", default=False)
PAYMENT_GATEWAYS = payment_gateways(sandbox=PAYMENTS_SANDBOX, paypal_test=PAYPAL_TEST)

LOGGING = logging_config(fmt=env("LOG_FORMAT", default="json"), level=env("LOG_LEVEL", default="INFO"))

# Error tracking: a no-op unless SENTRY_DSN is set (webox/monitoring/sentry.py).
sentry_init(
    dsn=SENTRY_DSN,  # noqa: F405
    environment=SENTRY_ENVIRONMENT,  # noqa: F405
    release=SENTRY_RELEASE,  # noqa: F405
    traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,  # noqa: F405
)
