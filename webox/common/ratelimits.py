"""WEBOX's rate limits: three named tiers on django-ratelimit and the shared (Redis) cache.

strict    login, sign-up, password reset and change, email re-send, 2FA verify,
          contact form; POST/PUT/PATCH/DELETE only.
          5/min per account (the signed-in user, else the email posted) and 20/min per IP.
          Cache down: fails CLOSED (these views check secrets; brute force must stay off).
moderate  writes: cart, reviews, comments, tickets, AI jobs; POST/PUT/PATCH/DELETE only.
          30/min per user, per IP for anonymous visitors. Cache down: fails open.
relaxed   reads and the whole API, every method. 300/min per IP. Cache down: fails open.

Counters live in django-ratelimit's fixed windows of one minute.

Apply a tier by name: ``@ratelimit_tier("strict")`` on a function view,
``RateLimitMixin`` on a class-based view, ``TierThrottleMixin`` (or one of the
``*Throttle`` classes) on a DRF view; ``RelaxedThrottle`` is the API's default.
A refused request gets ``settings.RATELIMIT_VIEW`` (HTTP 429 with ``Retry-After``),
or DRF's ``Throttled`` on the API. The first refusal of a key in a window sends
``rate_limit_exceeded`` (the accounts app records it in the audit log).

``settings.RATELIMIT_ENABLE = False`` switches every tier off (for one test).
``RATELIMIT_FAIL_OPEN`` must stay False: django-ratelimit then reports a cache
failure to this module, and each tier resolves it with its own ``fail_open``.
"""

import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL, UNSAFE
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited
from rest_framework.throttling import BaseThrottle

from .clientip import client_ip

logger = logging.getLogger("webox.security")

RATE_LIMITED_MESSAGE = _("Too many requests. Please wait a moment and try again.")

#: Sent once per key and window, on the first refused request. Arguments: request, tier,
#: scope, rule ("account", "ip" or "user_or_ip"), identity (the key's value), retry_after.
rate_limit_exceeded = Signal()

AccountKey = Callable[[HttpRequest], str | None]


@dataclass(frozen=True)
class Rule:
    """One counter of a tier: who is counted (``key``) and how many per period (``rate``)."""

    key: str
    rate: str


@dataclass(frozen=True)
class Tier:
    """A named set of rules: a request is refused when any rule's counter is over its rate."""

    name: str
    rules: tuple[Rule, ...]
    methods: str | list[str]
    fail_open: bool


TIERS: dict[str, Tier] = {
    "strict": Tier("strict", (Rule("account", "5/m"), Rule("ip", "20/m")), methods=UNSAFE, fail_open=False),
    "moderate": Tier("moderate", (Rule("user_or_ip", "30/m"),), methods=UNSAFE, fail_open=True),
    "relaxed": Tier("relaxed", (Rule("ip", "300/m"),), methods=ALL, fail_open=True),
}


@dataclass(frozen=True)
class Decision:
    """Whether to refuse a request, and for how many seconds (``Retry-After``)."""

    limited: bool
    retry_after: int = 0


class RateLimited(Ratelimited):
    """A tier refused the request; ``retry_after`` is the number of seconds left in its window."""

    def __init__(self, retry_after: int = 60):
        super().__init__(str(RATE_LIMITED_MESSAGE))
        self.retry_after = retry_after


def tier_get(name: str) -> Tier:
    """Return the tier called ``name``, refusing unknown names at once."""
    try:
        return TIERS[name]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown rate-limit tier {name!r}; use one of {sorted(TIERS)}.") from None


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------
def ratelimit_ip(request: HttpRequest) -> str:
    """Return the client IP as counted: IPv6 by /64 network (one subscriber), IPv4 as is."""
    ip = client_ip(request)
    if not ip:  # no socket address (a Unix socket without a proxy): one shared counter
        return "0.0.0.0"
    if ":" in ip:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return ip


def account_from_request(request: HttpRequest) -> str | None:
    """Return the account a request acts on: the signed-in user, else the posted login or email."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    data = getattr(request, "data", None)
    if not hasattr(data, "get"):
        data = request.POST
    for field in ("login", "email"):
        value = data.get(field)
        if isinstance(value, str) and value.strip():
            return f"email:{value.strip().lower()}"
    return None


def _identity(rule: Rule, request: HttpRequest, account: AccountKey) -> str | None:
    if rule.key == "account":
        return account(request)
    if rule.key == "ip":
        return f"ip:{ratelimit_ip(request)}"
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else f"ip:{ratelimit_ip(request)}"


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------
def tier_check(request: HttpRequest, *, tier: str, scope: str, account: AccountKey | None = None) -> Decision:
    """Count this request in every rule of ``tier`` for ``scope`` and say whether to refuse it."""
    spec = tier_get(tier)
    refusals = [
        _rule_check(request, spec=spec, rule=rule, scope=scope, account=account or account_from_request)
        for rule in spec.rules
    ]
    waits = [wait for wait in refusals if wait is not None]
    return Decision(limited=bool(waits), retry_after=max(waits, default=0))


def _rule_check(request: HttpRequest, *, spec: Tier, rule: Rule, scope: str, account: AccountKey) -> int | None:
    """Count the request in one rule; return the seconds to wait when it must be refused, else None."""
    identity = _identity(rule, request, account)
    if identity is None:
        return None
    usage = get_usage(
        request,
        group=f"{spec.name}:{scope}:{rule.key}",
        key=lambda _group, _request: identity,
        rate=rule.rate,
        method=spec.methods,
        increment=True,
    )
    if usage is None:  # RATELIMIT_ENABLE is off, or this method is not limited by the tier
        return None
    if usage["limit"] == 0:  # django-ratelimit's answer when the cache could not count
        return _cache_failure(spec, rule)
    if not usage["should_limit"]:
        return None
    retry_after = max(1, usage["time_left"])
    if usage["count"] == usage["limit"] + 1:
        rate_limit_exceeded.send(
            sender=Tier,
            request=request,
            tier=spec.name,
            scope=scope,
            rule=rule.key,
            identity=identity,
            retry_after=retry_after,
        )
    return retry_after


def _cache_failure(spec: Tier, rule: Rule) -> int | None:
    """Resolve a cache outage the tier's way: let the request through, or refuse it for one period."""
    if spec.fail_open:
        logger.warning("rate-limit cache unavailable: tier %s lets requests through", spec.name)
        return None
    logger.warning("rate-limit cache unavailable: tier %s refuses requests", spec.name)
    return _period_seconds(rule.rate)


def _period_seconds(rate: str) -> int:
    """Return the period of a rate such as ``5/m`` or ``100/5m`` in seconds."""
    period = rate.split("/", 1)[1]
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[-1]]
    return int(period[:-1] or 1) * unit


def rate_limited_response(request: HttpRequest, decision: Decision) -> HttpResponse:
    """Answer a refused request with ``settings.RATELIMIT_VIEW`` (429 and Retry-After)."""
    view = import_string(settings.RATELIMIT_VIEW)
    return view(request, RateLimited(retry_after=decision.retry_after))


# ---------------------------------------------------------------------------
# Pages: a decorator for function views, a mixin for class-based views
# ---------------------------------------------------------------------------
def ratelimit_tier(tier: str, *, scope: str | None = None, account: AccountKey | None = None):
    """Limit a function view by the named tier; ``scope`` names its counters (default: the view)."""
    tier_get(tier)

    def decorator(view):
        name = scope or f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            decision = tier_check(request, tier=tier, scope=name, account=account)
            if decision.limited:
                return rate_limited_response(request, decision)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RateLimitMixin:
    """Limit a class-based view by ``ratelimit_tier``; override ``ratelimit_account`` to name the account."""

    ratelimit_tier: str = ""
    ratelimit_scope: str | None = None

    def ratelimit_account(self, request: HttpRequest) -> str | None:
        return account_from_request(request)

    def dispatch(self, request, *args, **kwargs):
        scope = self.ratelimit_scope or f"{type(self).__module__}.{type(self).__qualname__}"
        decision = tier_check(request, tier=self.ratelimit_tier, scope=scope, account=self.ratelimit_account)
        if decision.limited:
            return rate_limited_response(request, decision)
        return super().dispatch(request, *args, **kwargs)


# ---------------------------------------------------------------------------
# The API: DRF throttles per tier
# ---------------------------------------------------------------------------
class TierThrottle(BaseThrottle):
    """A DRF throttle counting in a WEBOX tier; the view's ``ratelimit_scope`` or class names the counters."""

    tier: str = ""
    scope: str | None = None

    def allow_request(self, request, view) -> bool:
        scope = self.scope or getattr(view, "ratelimit_scope", None)
        scope = scope or f"{type(view).__module__}.{type(view).__qualname__}"
        self.decision = tier_check(request, tier=self.tier, scope=scope)
        return not self.decision.limited

    def wait(self) -> float | None:
        return self.decision.retry_after


class StrictThrottle(TierThrottle):
    tier = "strict"


class ModerateThrottle(TierThrottle):
    tier = "moderate"


class RelaxedThrottle(TierThrottle):
    """The default of every API view: one 300/min counter per IP over the whole API."""

    tier = "relaxed"
    scope = "api"


THROTTLES: dict[str, type[TierThrottle]] = {
    "strict": StrictThrottle,
    "moderate": ModerateThrottle,
    "relaxed": RelaxedThrottle,
}


class TierThrottleMixin:
    """Add ``ratelimit_tier``'s throttle to a DRF view's defaults (the API-wide relaxed one)."""

    ratelimit_tier: str = ""
    ratelimit_scope: str | None = None

    def get_throttles(self):
        return [*super().get_throttles(), THROTTLES[tier_get(self.ratelimit_tier).name]()]
