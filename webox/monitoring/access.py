"""Who may read ``/metrics``: verified staff allowed to monitor, a bearer of METRICS_TOKEN, or an allowed address.

Staff read the metrics with the same permission as the monitoring page
(``monitoring.view_alert``: the Staff group and superusers): the business
figures there (orders, payments) are not for Support or Bloggers.
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _token_matches(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _address_allowed(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(getattr(request, "client_ip", "") or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(entry, strict=False) for entry in settings.METRICS_ALLOWED_IPS)


MONITORING_PERMISSION = "monitoring.view_alert"


def _verified_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    if not (user and user.is_active and user.is_staff and is_verified and is_verified()):
        return False
    return user.has_perm(MONITORING_PERMISSION)


def metrics_allowed(request: HttpRequest) -> bool:
    """Say whether ``request`` may read the metrics (token compared in constant time)."""
    return _token_matches(request) or _address_allowed(request) or _verified_staff(request)
