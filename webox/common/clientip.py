"""The client's IP address, as the rate limits and the audit log see it.

Behind ``TRUSTED_PROXY_COUNT`` proxies, each proxy appends the address it received
the request from to ``X-Forwarded-For``. The client is therefore the address that
many hops from the right: whatever a client writes on the left is never read, so a
forged header cannot dodge a limit. With no trusted proxy, ``REMOTE_ADDR`` is used
and ``X-Forwarded-For`` is ignored.
"""

import ipaddress
from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str:
    """Return ``value`` as a canonical IP address (a port is dropped), or "" when it is not one."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:  # 203.0.113.7:443
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


def client_ip_from_meta(meta: Mapping[str, str], *, trusted_proxies: int) -> str:
    """Return the client address from a request's META, trusting ``trusted_proxies`` proxies."""
    remote = _clean(meta.get("REMOTE_ADDR") or "")
    if trusted_proxies <= 0:
        return remote
    hops = [hop for hop in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    if len(hops) < trusted_proxies:
        # Not every trusted proxy added its hop: the request bypassed them.
        return remote
    return _clean(hops[-trusted_proxies]) or remote


def client_ip(request: HttpRequest) -> str:
    """Return ``request.client_ip`` (set by ClientIpMiddleware), computing it when missing."""
    known = getattr(request, "client_ip", None)
    if known is not None:
        return known
    return client_ip_from_meta(request.META, trusted_proxies=settings.TRUSTED_PROXY_COUNT)
