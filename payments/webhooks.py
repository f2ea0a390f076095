"""Endpoints the gateways call: Stripe's webhook, PayPal's IPN, the sandbox's webhook. No session, no CSRF.

A notification that fails verification (no signature, wrong signature,
altered body, old timestamp) gets a 400 and changes nothing; repeated failures
alert staff. An authentic one is stored once and processed once, and gets a
200 even when it changes nothing (a duplicate), so the gateway stops sending it.
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .alerts import notification_failure_record
from .errors import NotificationInvalid
from .gateways import registry
from .ipn import paypal_ipn_view
from .services import webhook_handle

SIGNATURE_HEADERS = {"stripe": "Stripe-Signature", "sandbox": "X-Sandbox-Signature"}


def _signed_webhook(request: HttpRequest, alias: str) -> HttpResponse:
    if alias not in registry:
        raise Http404
    signature = request.headers.get(SIGNATURE_HEADERS[alias], "")
    try:
        record = webhook_handle(gateway=alias, body=request.body, signature=signature)
    except NotificationInvalid as exc:
        notification_failure_record(gateway=alias, reason=str(exc), client_ip=getattr(request, "client_ip", ""))
        return JsonResponse({"error": "invalid_notification"}, status=400)
    return JsonResponse({"received": True, "outcome": record.outcome})


@csrf_exempt
@require_POST
def stripe_webhook_view(request: HttpRequest) -> HttpResponse:
    """``POST /payments/stripe/webhook/``: a Stripe event signed in ``Stripe-Signature``."""
    return _signed_webhook(request, "stripe")


@csrf_exempt
@require_POST
def sandbox_webhook_view(request: HttpRequest) -> HttpResponse:
    """``POST /payments/sandbox/webhook/``: a sandbox notification signed in ``X-Sandbox-Signature``."""
    return _signed_webhook(request, "sandbox")


@csrf_exempt
@require_POST
def paypal_ipn_endpoint(request: HttpRequest) -> HttpResponse:
    """``POST /payments/paypal/ipn/``: PayPal's IPN, verified by postback (``payments.ipn``)."""
    if "paypal" not in registry:
        raise Http404
    return paypal_ipn_view(request)
