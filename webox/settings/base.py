"""Settings shared by every run mode. Values come from the environment (django-environ).

Each mode module (dev, test, prod) imports this one and changes only what differs.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is read when present (development convenience); production
# injects real environment variables and ships no .env file.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
SITE_NAME = "WEBOX"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "webox.apps.WeboxAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # Third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_ratelimit",
    "django_celery_beat",
    "taggit",
    "csp",
    "channels",
    "payments.apps.PayPalIPNConfig",
    "django_prometheus",
    # WEBOX
    "webox",
    "accounts",
    "notifications",
    "shop",
    "orders",
    "payments",
    "ai_studio",
    "support",
    "blog",
    "webox.monitoring",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "webox.middleware.RequestIdMiddleware",
    "webox.monitoring.middleware.RequestStatsMiddleware",
    "webox.middleware.ClientIpMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "webox.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "webox.middleware.AccessLogMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "webox.urls"
WSGI_APPLICATION = "webox.wsgi.application"
ASGI_APPLICATION = "webox.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "webox.context_processors.site",
                "shop.context_processors.cart",
                "notifications.context_processors.unread_count",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache, sessions, rate limits
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")


def redis_cache(url: str, *, prefix: str = "webox") -> dict:
    """Return a django-redis cache that degrades to a miss when Redis is down."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "TIMEOUT": 300,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }


CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "webox"}}
# A Redis outage must turn cache reads into misses (and log a warning), never a 500.
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "webox.system"
# The back-office dashboard's figures are computed at most once per period in this many seconds (0: never cached).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)
# A search's counts and ranked ids, and a listing's category counts, are kept this many seconds, or until
# the catalogue changes (0: never kept).
SHOP_CATALOGUE_CACHE_SECONDS = env.int("SHOP_CATALOGUE_CACHE_SECONDS", default=120)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "webox.views.ratelimited"
# The tiers (strict, moderate, relaxed) live in webox/common/ratelimits.py. Each decides for
# itself what a cache outage means, which needs django-ratelimit to report it: keep False.
RATELIMIT_FAIL_OPEN = False
RATELIMIT_IP_META_KEY = "webox.common.ratelimits.ratelimit_ip"
# Proxies in front of the app that append to X-Forwarded-For (nginx: 1). The client is the
# address that many hops from the right; 0 reads REMOTE_ADDR and ignores the header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# ---------------------------------------------------------------------------
# Channels (WebSockets)
# ---------------------------------------------------------------------------
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Pages served over WSGI open ws/notifications/ for signed-in users: an ASGI server answers /ws/ on the
# same host (production's proxy). Pages served over ASGI always do.
NOTIFICATIONS_LIVE = env.bool("NOTIFICATIONS_LIVE", default=True)


def redis_channel_layer(url: str, *, prefix: str = "webox") -> dict:
    """Return a channels-redis layer shared by every ASGI server and worker."""
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [url], "prefix": prefix},
    }


# ---------------------------------------------------------------------------
# Celery
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/Paris"
# Periodic jobs (django-celery-beat copies them into its database schedule when beat starts).
CELERY_BEAT_SCHEDULE = {
    "orders-cart-reminders": {"task": "orders.tasks.cart_reminders_send_task", "schedule": 60 * 60},
    "orders-expire-unpaid": {"task": "orders.tasks.orders_expire_unpaid_task", "schedule": 5 * 60},
    "shop-carts-expire": {"task": "shop.tasks.carts_expire_task", "schedule": crontab(hour=4, minute=10)},
    "shop-search-words": {"task": "shop.tasks.search_words_refresh_task", "schedule": 10 * 60},
    "payments-reconcile": {"task": "payments.tasks.payments_reconcile_task", "schedule": crontab(minute=17)},
    "support-escalate": {"task": "support.tasks.tickets_escalate_task", "schedule": crontab(minute=5)},
    "monitoring-alerts": {"task": "webox.monitoring.tasks.alerts_evaluate_task", "schedule": 60},
}

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
# Two-factor: a login waiting for its code is forgotten after 15 minutes; authenticator apps show "WEBOX".
ACCOUNT_LOGIN_TIMEOUT = 15 * 60
OTP_TOTP_ISSUER = SITE_NAME
# Profile, sign-up and sessions (accounts/forms.py, accounts/adapter.py).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 2  # the verification link lives 48 hours
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False  # verify by link
ACCOUNT_CHANGE_EMAIL = True  # one address; a new one replaces it only once verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell the user when their password or email changes
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_SESSION_REMEMBER = None  # a "remember me" box: 2 weeks if ticked, else a browser session
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
PASSWORD_RESET_TIMEOUT = 60 * 60  # reset links die after 1 hour (allauth uses Django's token generator)
# WEBOX's strict tier limits allauth's account views (accounts/allauth_urls.py, 429 with
# Retry-After) and accounts/services/lockout.py locks an account after 5 failed logins, so
# allauth's own limits on those views are off. It keeps its cooldown between two
# verification emails to one address ("confirm_email"), which skips an email, never a request.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "signup": None,
    "reset_password": None,
    "reset_password_from_key": None,
    "change_password": None,
    "manage_email": None,
    "reauthenticate": None,
}

# ---------------------------------------------------------------------------
# Internationalisation: French first, English complete
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "webox_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------------------
# Static and media
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Files no URL serves (digital goods): only views that check the buyer read them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "webox.common.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="WEBOX <no-reply@webox.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
STAFF_EMAILS = env.list("STAFF_EMAILS", default=[])

# ---------------------------------------------------------------------------
# Support desk: service levels per ticket priority, in hours
# ---------------------------------------------------------------------------
SUPPORT_SLA = {
    "urgent": {"first_response_hours": 2, "resolution_hours": 24},
    "high": {"first_response_hours": 8, "resolution_hours": 48},
    "normal": {"first_response_hours": 24, "resolution_hours": 120},
    "low": {"first_response_hours": 48, "resolution_hours": 240},
}
SUPPORT_REOPEN_DAYS = 14

# ---------------------------------------------------------------------------
# REST API
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous requests a 401, not a 403.
        "accounts.api.authentication.ApiTokenAuthentication",
        # The session counts only once the second factor is given (accounts/twofactor/authentication.py).
        "accounts.twofactor.authentication.OTPSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The relaxed tier over the whole API; views add another by name (webox.common.ratelimits).
    "DEFAULT_THROTTLE_CLASSES": ["webox.common.ratelimits.RelaxedThrottle"],
    "DEFAULT_PAGINATION_CLASS": "webox.common.api.Pagination",
    "PAGE_SIZE": 24,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "webox.common.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WEBOX API",
    "DESCRIPTION": "Storefront, AI studio, blog and support API of WEBOX.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "support.models.Ticket.Status",
        "NotificationKindEnum": "notifications.models.Notification.KIND_CHOICES",
        "ProductKindEnum": "shop.models.Product.Kind",  # both name their field "kind"
        "GenerationJobKindEnum": "ai_studio.models.GenerationJob.Kind",
        "CreditEntryKindEnum": "ai_studio.models.CreditEntry.Kind",
    },
}

# ---------------------------------------------------------------------------
# Security headers (tightened further in prod)
# ---------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        # The "Pay" form redirects to Stripe's hosted page (browsers check redirects after a form post too).
        "form-action": ["'self'", "https://checkout.stripe.com"],
    },
}

# ---------------------------------------------------------------------------
# Logging: readable lines in dev, JSON lines in prod, a request id on each
# ---------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="text")


def logging_config(*, fmt: str, level: str) -> dict:
    """Return the LOGGING dict for the given format (``text`` or ``json``) and level."""
    categories = ["security", "payments", "orders", "ai", "http", "tasks", "system"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "webox.logging.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)-8s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "webox.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["request_id"],
            },
            # The last errors, kept in the cache for the admin's monitoring page (webox/monitoring/journal.py).
            "recent_errors": {
                "class": "webox.monitoring.journal.RecentErrorsHandler",
                "level": "ERROR",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console", "recent_errors"], "level": "WARNING"},
        "loggers": {
            "django": {"level": "INFO" if level != "DEBUG" else "DEBUG", "propagate": True},
            "django.server": {"level": "WARNING"},
            # webox.http logs every request once, with its request id.
            "django.channels.server": {"level": "WARNING"},
            "celery": {"level": level},
            **{f"webox.{name}": {"level": level} for name in categories},
        },
    }


LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)

# ---------------------------------------------------------------------------
# Shop: reviews
# ---------------------------------------------------------------------------
# Only a customer who bought a product may review it. Orders sit above shop, so shop asks this
# function (dotted path, ``(*, user, product) -> bool``); the default knows of no purchase, and
# the orders app points the setting at its own check of paid orders (shop/purchases.py).
SHOP_PURCHASE_VERIFIER = "orders.selectors.customer_has_bought"

# ---------------------------------------------------------------------------
# Blog: comment moderation
# ---------------------------------------------------------------------------
# A comment with more links than BLOG_COMMENT_MAX_LINKS, or containing one of these words
# (case-insensitive, comma-separated in the environment), waits for moderation.
BLOG_BANNED_WORDS = env.list("BLOG_BANNED_WORDS", default=["viagra", "casino", "crypto giveaway"])
BLOG_COMMENT_MAX_LINKS = env.int("BLOG_COMMENT_MAX_LINKS", default=2)

# ---------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)
# /health/ is public: the costly checks (a ping broadcast to every Celery worker, a file written to and deleted
# from each storage) answer from this process's last result for this many seconds (0: run them every time).
HEALTH_SLOW_CHECKS_SECONDS = env.int("HEALTH_SLOW_CHECKS_SECONDS", default=10)
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# /metrics also answers these client addresses (a Prometheus server on the private network), comma-separated.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
# Error tracking (webox/monitoring/sentry.py): on only when SENTRY_DSN is set; prod.py calls sentry_init.
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
SENTRY_RELEASE = env("SENTRY_RELEASE", default="")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
# The admin's monitoring page lists requests slower than this, and the last errors of the log.
MONITORING_SLOW_REQUEST_MS = env.int("MONITORING_SLOW_REQUEST_MS", default=1000)
MONITORING_JOURNAL_SIZE = 50  # entries kept per list (errors, slow requests)
# Automatic alerts (webox/monitoring/rules.py), evaluated every minute by the beat task
# "monitoring-alerts". Each rule: enabled, severity (info, warning, critical), threshold, and
# its own window or minimum. An open alert is repeated every MONITORING_ALERT_REPEAT_MINUTES.
MONITORING_ALERT_EMAILS = env.list("MONITORING_ALERT_EMAILS", default=[])  # empty: active members of "Staff"
MONITORING_ALERT_REPEAT_MINUTES = env.int("MONITORING_ALERT_REPEAT_MINUTES", default=60)
MONITORING_ALERT_RULES = {
    # Share of 5xx answers (%) over the window, once at least min_requests were served.
    "http_5xx_rate": {"severity": "critical", "threshold": 5.0, "window_minutes": 5, "min_requests": 20},
    # Payments that failed (declined, errors) within the window.
    "payment_failures": {"severity": "warning", "threshold": 5, "window_minutes": 30},
    # Gateway notifications refused (bad signature, old timestamp, failed postback) in the last 10 minutes.
    "webhook_signature_failures": {"severity": "critical", "threshold": 3},
    # Notifications whose amount or currency did not match the payment, within the window.
    "amount_mismatches": {"severity": "critical", "threshold": 1, "window_minutes": 60},
    # Active variants tracking stock with at most stock_at_most items left.
    "low_stock": {"severity": "info", "threshold": 1, "stock_at_most": 3},
    # Tasks waiting in the broker's queues.
    "queue_backlog": {"severity": "warning", "threshold": 100},
    # Share of failed AI jobs (%) per provider over the window, once a provider ran min_jobs.
    "ai_provider_errors": {"severity": "warning", "threshold": 50.0, "window_minutes": 30, "min_jobs": 5},
    # Free space (%) on the volume of MEDIA_ROOT below the threshold.
    "disk_space": {"severity": "critical", "threshold": 10.0},
}

# ---------------------------------------------------------------------------
# Shop: cart, shipping, promo codes, orders
# ---------------------------------------------------------------------------
# Delivery methods offered for physical goods (prices VAT incl.); free above ``free_above``.
# Digital goods and credit packs ship nothing ("none"). Labels are translated where shown.
SHOP_SHIPPING_METHODS = {
    "standard": {"label": _("Standard delivery (3-5 days)"), "price": "4.90", "free_above": "50.00"},
    "express": {"label": _("Express delivery (24 h)"), "price": "12.90", "free_above": None},
}
# Whether a customer already placed an order (for "first order only" codes); orders answer.
SHOP_ORDER_HISTORY = "orders.selectors.customer_has_ordered"
SHOP_CART_ANONYMOUS_DAYS = 30  # anonymous carts untouched this long are deleted
ORDERS_PAYMENT_TIMEOUT_MINUTES = 30  # unpaid orders are cancelled and their stock released after this
ORDERS_CART_REMINDER_HOURS = 24  # one reminder for a signed-in customer's cart left this long
ORDERS_DOWNLOAD_DAYS = 7
ORDERS_DOWNLOAD_LIMIT = 5
ORDERS_NUMBER_PREFIX = "WBX"
ORDERS_INVOICE_PREFIX = "FA"
ORDERS_CREDIT_NOTE_PREFIX = "AV"
# The seller printed on invoices; legal identifiers come from the environment.
ORDERS_SELLER = {
    "name": env("SELLER_NAME", default="WEBOX SAS"),
    "address": env("SELLER_ADDRESS", default="10 rue de la Paix, 75002 Paris, France"),
    "siret": env("SELLER_SIRET", default=""),
    "vat_number": env("SELLER_VAT_NUMBER", default=""),
    "email": env("SELLER_EMAIL", default="contact@webox.test"),
    "legal_mentions": env(
        "SELLER_LEGAL_MENTIONS",
        default="TVA acquittée sur les débits. Pas d'escompte pour paiement anticipé. "
        "En cas de retard de paiement, indemnité forfaitaire pour frais de recouvrement : 40 €.",
    ),
}

# ---------------------------------------------------------------------------
# Payments (payments/gateways/): each gateway is on when its keys are set
# ---------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
# Signing secret(s) of the webhook endpoint; during a rotation give both, comma-separated.
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # empty: https://api.stripe.com (tests: a local emulator)
PAYPAL_RECEIVER_EMAIL = env("PAYPAL_RECEIVER_EMAIL", default="")
# PayPal sandbox (True) or live (False); django-paypal reads it for the form's address too.
PAYPAL_TEST = env.bool("PAYPAL_TEST", default=True)
PAYPAL_POSTBACK_URL = env("PAYPAL_POSTBACK_URL", default="")  # empty: PayPal's, sandbox or live per PAYPAL_TEST
PAYMENTS_SANDBOX = env.bool("PAYMENTS_SANDBOX", default=False)
# The sandbox gateway is refused (system check webox.E003) when DEBUG is false, unless this is set (demo sites).
ALLOW_OFFLINE_PROVIDERS = env.bool("ALLOW_OFFLINE_PROVIDERS", default=False)


def payment_gateways(*, sandbox: bool, paypal_test: bool) -> dict:
    """Return PAYMENT_GATEWAYS: Stripe when its secret key is set, PayPal when its receiver is, the sandbox if asked."""
    gateways = {}
    if STRIPE_SECRET_KEY:
        options = {"secret_key": STRIPE_SECRET_KEY, "webhook_secret": STRIPE_WEBHOOK_SECRET}
        options["api_base"] = STRIPE_API_BASE
        gateways["stripe"] = {"CLASS": "payments.gateways.stripe.StripeGateway", "OPTIONS": options}
    if PAYPAL_RECEIVER_EMAIL:
        options = {"receiver_email": PAYPAL_RECEIVER_EMAIL, "test": paypal_test, "postback_url": PAYPAL_POSTBACK_URL}
        gateways["paypal"] = {"CLASS": "payments.gateways.paypal.PayPalGateway", "OPTIONS": options}
    if sandbox:
        gateways["sandbox"] = {"CLASS": "payments.gateways.sandbox.SandboxGateway", "OFFLINE_ONLY": True}
    return gateways


PAYMENT_GATEWAYS = payment_gateways(sandbox=PAYMENTS_SANDBOX, paypal_test=PAYPAL_TEST)

# ---------------------------------------------------------------------------
# AI studio (ai_studio/providers/): each provider is on when its key is set
# ---------------------------------------------------------------------------
OPENAI_API_KEY = env("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env("OPENAI_BASE_URL", default="")  # empty: https://api.openai.com/v1 (tests: a local emulator)
ANTHROPIC_API_KEY = env("ANTHROPIC_API_KEY", default="")
ANTHROPIC_BASE_URL = env("ANTHROPIC_BASE_URL", default="")
GROQ_API_KEY = env("GROQ_API_KEY", default="")
GROQ_BASE_URL = env("GROQ_BASE_URL", default="")  # empty: https://api.groq.com (the SDK adds /openai/v1)
MISTRAL_API_KEY = env("MISTRAL_API_KEY", default="")
MISTRAL_BASE_URL = env("MISTRAL_BASE_URL", default="")  # empty: https://api.mistral.ai
GEMINI_API_KEY = env("GEMINI_API_KEY", default="")
GEMINI_BASE_URL = env("GEMINI_BASE_URL", default="")  # empty: https://generativelanguage.googleapis.com
STABILITY_API_KEY = env("STABILITY_API_KEY", default="")
STABILITY_BASE_URL = env("STABILITY_BASE_URL", default="")  # empty: https://api.stability.ai
ELEVENLABS_API_KEY = env("ELEVENLABS_API_KEY", default="")
ELEVENLABS_BASE_URL = env("ELEVENLABS_BASE_URL", default="")  # empty: https://api.elevenlabs.io
RUNWAY_API_KEY = env("RUNWAY_API_KEY", default="")
RUNWAY_BASE_URL = env("RUNWAY_BASE_URL", default="")  # empty: https://api.dev.runwayml.com
LUMA_API_KEY = env("LUMA_API_KEY", default="")
LUMA_BASE_URL = env("LUMA_BASE_URL", default="")  # empty: https://api.lumalabs.ai/dream-machine/v1
AI_DEMO = env.bool("AI_DEMO", default=False)  # the offline demo provider ("Démo (hors ligne)")
AI_SIGNUP_BONUS_CREDITS = env.int("AI_SIGNUP_BONUS_CREDITS", default=50)
AI_DAILY_JOB_LIMIT = env.int("AI_DAILY_JOB_LIMIT", default=200)  # generation jobs per user per day
AI_PROMPT_MAX_LENGTH = env.int("AI_PROMPT_MAX_LENGTH", default=8000)
# The model a job uses when it names none (builders write with a chat model); empty: the first available.
AI_DEFAULT_MODELS = {"chat": env("AI_DEFAULT_CHAT_MODEL", default="")}
AI_LOW_CREDITS_THRESHOLD = env.int("AI_LOW_CREDITS_THRESHOLD", default=20)  # notify once when the balance drops below
# Credits the builders charge on top of their models' prices: per page of an eBook PDF, per set of ad
# variants, per second of a short's video.
AI_BUILDER_PRICES = {"ebook_per_page": 1, "ad_per_set": 2, "short_per_second": 1}
# The image model of the ad builder; when it cannot serve, the first available image model (none: no image).
AI_ADS_IMAGE_MODEL = env("AI_ADS_IMAGE_MODEL", default="demo-image")
AI_DEMO_STREAM_DELAY = env.float("AI_DEMO_STREAM_DELAY", default=0.0)  # seconds per word the demo chat waits
AI_ESPEAK_BINARY = env("AI_ESPEAK_BINARY", default="espeak-ng")  # the demo's voice; missing: a tone pattern
# A video job asks its provider how far the video got every this many seconds, and gives up after the timeout.
AI_VIDEO_POLL_SECONDS = env.float("AI_VIDEO_POLL_SECONDS", default=5.0)
AI_VIDEO_TIMEOUT_SECONDS = env.int("AI_VIDEO_TIMEOUT_SECONDS", default=540)  # under the task's 10-minute limit
# The shorts builder's image and voice models; when one cannot serve, the first available of its capability.
AI_SHORTS_IMAGE_MODEL = env("AI_SHORTS_IMAGE_MODEL", default="demo-image")
AI_SHORTS_SPEECH_MODEL = env("AI_SHORTS_SPEECH_MODEL", default="demo-speech")
AI_SHORTS_FPS = env.int("AI_SHORTS_FPS", default=24)  # frames per second of the vertical MP4
# Check prompts with OpenAI's moderation endpoint before a job is queued (needs the OpenAI provider).
AI_MODERATION = env.bool("AI_MODERATION", default=bool(OPENAI_API_KEY))


def ai_providers(*, demo: bool) -> dict:
    """Return AI_PROVIDERS: each provider whose key is set (OpenAI, Anthropic, Groq, Mistral, Gemini,
    Stability, ElevenLabs, Runway, Luma), the services listed as unavailable (Suno, Udio, Pika), and
    the offline demo if asked."""
    providers = {}
    if demo:
        providers["demo"] = {"CLASS": "ai_studio.providers.demo.DemoProvider", "OFFLINE_ONLY": True}
    if OPENAI_API_KEY:
        options = {"api_key": OPENAI_API_KEY, "base_url": OPENAI_BASE_URL}
        providers["openai"] = {"CLASS": "ai_studio.providers.openai.OpenAIProvider", "OPTIONS": options}
    if ANTHROPIC_API_KEY:
        options = {"api_key": ANTHROPIC_API_KEY, "base_url": ANTHROPIC_BASE_URL}
        providers["anthropic"] = {"CLASS": "ai_studio.providers.anthropic.AnthropicProvider", "OPTIONS": options}
    for alias, key, base_url, path in (
        ("groq", GROQ_API_KEY, GROQ_BASE_URL, "groq.GroqProvider"),
        ("mistral", MISTRAL_API_KEY, MISTRAL_BASE_URL, "mistral.MistralProvider"),
        ("gemini", GEMINI_API_KEY, GEMINI_BASE_URL, "gemini.GeminiProvider"),
        ("stability", STABILITY_API_KEY, STABILITY_BASE_URL, "stability.StabilityProvider"),
        ("elevenlabs", ELEVENLABS_API_KEY, ELEVENLABS_BASE_URL, "elevenlabs.ElevenLabsProvider"),
        ("runway", RUNWAY_API_KEY, RUNWAY_BASE_URL, "runway.RunwayProvider"),
        ("luma", LUMA_API_KEY, LUMA_BASE_URL, "luma.LumaProvider"),
    ):
        if key:
            options = {"api_key": key, "base_url": base_url}
            providers[alias] = {"CLASS": f"ai_studio.providers.{path}", "OPTIONS": options}
    for alias, label in (("suno", "Suno"), ("udio", "Udio")):  # no official public API: listed, never called
        options = {"label": label, "reason": "no_public_api"}
        providers[alias] = {"CLASS": "ai_studio.providers.unavailable.UnavailableProvider", "OPTIONS": options}
    pika = {"label": "Pika", "reason": "third_party_only"}  # only through third-party hosts: listed, never called
    providers["pika"] = {"CLASS": "ai_studio.providers.unavailable.UnavailableProvider", "OPTIONS": pika}
    return providers


AI_PROVIDERS = ai_providers(demo=AI_DEMO)
# The model catalogue: prices in credits (per 1,000 tokens in and out, per image). A model whose
# provider is not configured is listed as unavailable, with the reason. Ids checked against the
# installed SDKs in Nov. 2026 (GPT Image 1 was shut down in October; Claude Sonnet 4.5 ends on 30 Nov.).
AI_MODELS = [
    {"id": "demo-chat", "provider": "demo", "model": "demo", "name": "Démo chat (hors ligne)", "capability": "chat",
     "price_in_per_1k": 1, "price_out_per_1k": 2},
    {"id": "demo-image", "provider": "demo", "model": "demo", "name": "Démo image (hors ligne)",
     "capability": "image", "price_per_image": 5},
    {"id": "gpt-4.1-mini", "provider": "openai", "model": "gpt-4.1-mini", "name": "GPT-4.1 mini",
     "capability": "chat", "price_in_per_1k": 1, "price_out_per_1k": 4},
    {"id": "claude-sonnet-5", "provider": "anthropic", "model": "claude-sonnet-5", "name": "Claude Sonnet 5",
     "capability": "chat", "price_in_per_1k": 3, "price_out_per_1k": 15},
    {"id": "gpt-image-2", "provider": "openai", "model": "gpt-image-2", "name": "GPT Image 2",
     "capability": "image", "price_per_image": 20},
    {"id": "llama-3.3-70b-versatile", "provider": "groq", "model": "llama-3.3-70b-versatile",
     "name": "Llama 3.3 70B (Groq)", "capability": "chat", "price_in_per_1k": 1, "price_out_per_1k": 1},
    {"id": "mistral-small-latest", "provider": "mistral", "model": "mistral-small-latest", "name": "Mistral Small",
     "capability": "chat", "price_in_per_1k": 1, "price_out_per_1k": 1},
    {"id": "gemini-3.8-flash", "provider": "gemini", "model": "gemini-3.8-flash", "name": "Gemini 3.8 Flash",
     "capability": "chat", "price_in_per_1k": 1, "price_out_per_1k": 3},
    {"id": "stable-image-core", "provider": "stability", "model": "stable-image-core", "name": "Stable Image Core",
     "capability": "image", "price_per_image": 10},
    {"id": "demo-speech", "provider": "demo", "model": "demo", "name": "Démo voix (hors ligne)",
     "capability": "speech", "price_per_second": 1},
    {"id": "demo-music", "provider": "demo", "model": "demo", "name": "Démo musique (hors ligne)",
     "capability": "music", "price_per_second": 1},
    {"id": "gpt-4o-mini-tts", "provider": "openai", "model": "gpt-4o-mini-tts", "name": "OpenAI TTS (GPT-4o mini)",
     "capability": "speech", "price_per_second": 1},
    {"id": "eleven-multilingual-v2", "provider": "elevenlabs", "model": "eleven_multilingual_v2",
     "name": "ElevenLabs Multilingual v2", "capability": "speech", "price_per_second": 2},
    {"id": "eleven-music", "provider": "elevenlabs", "model": "music_v1", "name": "ElevenLabs Music",
     "capability": "music", "price_per_second": 3},
    {"id": "suno", "provider": "suno", "model": "suno", "name": "Suno", "capability": "music", "price_per_second": 3},
    {"id": "udio", "provider": "udio", "model": "udio", "name": "Udio", "capability": "music", "price_per_second": 3},
    {"id": "demo-video", "provider": "demo", "model": "demo", "name": "Démo vidéo (hors ligne)",
     "capability": "video", "price_per_second": 2},
    {"id": "runway-gen4.5", "provider": "runway", "model": "gen4.5", "name": "Runway Gen-4.5",
     "capability": "video", "price_per_second": 12},
    {"id": "runway-gen4-turbo", "provider": "runway", "model": "gen4_turbo", "name": "Runway Gen-4 Turbo (image)",
     "capability": "video", "price_per_second": 5},
    {"id": "luma-ray-2", "provider": "luma", "model": "ray-2", "name": "Luma Ray 2", "capability": "video",
     "price_per_second": 10},
    {"id": "luma-ray-flash-2", "provider": "luma", "model": "ray-flash-2", "name": "Luma Ray Flash 2",
     "capability": "video", "price_per_second": 4},
    {"id": "pika", "provider": "pika", "model": "pika", "name": "Pika", "capability": "video", "price_per_second": 5},
]  # fmt: skip
