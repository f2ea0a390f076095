"""Error tracking with Sentry, switched on by ``SENTRY_DSN`` (prod settings call ``sentry_init``).

Settings import this module: it imports nothing from the project.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

# Header and query names whose values stay home (client addresses, proxies, credentials).
_PRIVATE_TERMS = ["forwarded", "-ip", "remote-", "via", "-user", "cookie", "authorization", "token", "email"]
# ``send_default_pii=False`` spelled with the SDK's ``data_collection`` option (which replaces it in 2.x):
# no user identity, cookies, bodies, SQL parameters, queue payloads or AI prompts.
NO_PERSONAL_DATA = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "denylist", "terms": _PRIVATE_TERMS}},
    "http_bodies": [],
    "url_query_params": {"mode": "denylist", "terms": _PRIVATE_TERMS},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
}


def sentry_init(
    *, dsn: str, environment: str = "production", release: str = "", traces_sample_rate: float = 0.0
) -> bool:
    """Start the Sentry SDK with the Django and Celery integrations; return False (and do nothing) without a DSN.

    Personal data stays home (``NO_PERSONAL_DATA``, what ``send_default_pii=False``
    meant): no cookies, user emails or IP addresses in events. Errors logged at ERROR become events;
    warnings and lower only travel as breadcrumbs.
    """
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        data_collection=NO_PERSONAL_DATA,
        integrations=[DjangoIntegration(), CeleryIntegration(), LoggingIntegration(event_level="ERROR")],
    )
    return True
