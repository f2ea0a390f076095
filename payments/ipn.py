"""PayPal's IPN endpoint: django-paypal's own handling, with WEBOX's postback address, timeout and live-mode rule.

It follows ``paypal.standard.ipn.views.ipn`` step by step (charset, "N/A"
dates, ``PayPalIPNForm``, ``initialize``, ``verify``, ``save``,
``send_signals``) with ``PayPalIPNRecord``, whose postback goes to the
``paypal`` gateway's address with a timeout. Two additions: a sandbox IPN
(``test_ipn=1``) is flagged without any postback when the gateway is live, and
a postback that fails (network, timeout) answers 503 so that PayPal sends the
IPN again instead of WEBOX dropping it.
"""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from paypal.standard.ipn.forms import PayPalIPNForm
from paypal.standard.models import DEFAULT_ENCODING

from .errors import GatewayError
from .gateways import paypal_gateway
from .models import PayPalIPNRecord

logger = logging.getLogger("webox.payments")


class PayPalIPNRecordForm(PayPalIPNForm):
    """django-paypal's IPN form, saving WEBOX's proxy model."""

    class Meta(PayPalIPNForm.Meta):
        model = PayPalIPNRecord


def _ipn_data(request: HttpRequest) -> tuple[QueryDict | None, str]:
    """Decode the IPN with the charset it declares; drop PayPal's "N/A" dates (as django-paypal does)."""
    encoding = request.POST.get("charset") or DEFAULT_ENCODING
    try:
        data = QueryDict(request.body, encoding=encoding).copy()
    except LookupError:
        return None, "Invalid form - invalid charset"
    for field in PayPalIPNRecord._meta.get_fields():
        if field.__class__.__name__ == "DateTimeField" and data.get(field.attname) == "N/A":
            del data[field.attname]
    return data, ""


def ipn_record(request: HttpRequest) -> tuple[PayPalIPNRecord, bool]:
    """Store the IPN of ``request``, verified by postback unless refused; return it and whether PayPal answered."""
    data, flag = _ipn_data(request)
    ipn = None
    if data is not None:
        form = PayPalIPNRecordForm(data)
        if form.is_valid():
            ipn = form.save(commit=False)
        else:
            flag = "Invalid form. ({})".format(", ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()))
    ipn = ipn or PayPalIPNRecord()
    ipn.initialize(request)
    if not flag and ipn.test_ipn and not paypal_gateway().test:
        flag = "Sandbox IPN (test_ipn=1) refused: the paypal gateway is live."
    if flag:
        ipn.set_flag(flag)
        ipn.save()
        return ipn, True
    try:
        ipn.verify()
    except GatewayError as exc:
        ipn.set_flag(f"Postback failed. ({exc})")
        ipn.save()
        return ipn, False
    return ipn, True


def paypal_ipn_view(request: HttpRequest) -> HttpResponse:
    """Receive an IPN: store it, verify it, and let the signals process it; 503 asks PayPal to send it again."""
    if not request.META.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return HttpResponseBadRequest("Expected application/x-www-form-urlencoded.")
    ipn, answered = ipn_record(request)
    if not answered:
        logger.warning("PayPal IPN %s not verified (postback failed): %s", ipn.pk, ipn.flag_info)
        return HttpResponse("RETRY", status=503)
    ipn.send_signals()
    return HttpResponse("OKAY")
