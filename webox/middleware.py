"""Project-wide middleware: request ids, client IP, access log, language selection."""

import logging
import re
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

from .common.clientip import client_ip_from_meta
from .logging import request_id_var

access_logger = logging.getLogger("webox.http")
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give each request an id (from ``X-Request-ID`` when sane) for logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class ClientIpMiddleware:
    """Set ``request.client_ip`` once, early: the address the rate limits and the audit log use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_ip = client_ip_from_meta(request.META, trusted_proxies=settings.TRUSTED_PROXY_COUNT)
        return self.get_response(request)


class AccessLogMiddleware:
    """Log one line per request on ``webox.http`` with method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        access_logger.log(
            level,
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={"status": response.status_code, "duration_ms": duration_ms, "method": request.method},
        )
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Pick the language of pages from their URL prefix, and of the API/admin from the visitor.

    Pages use ``i18n_patterns`` without a prefix for French (``/blog/``) and with
    one for English (``/en/blog/``). Django then forces French on every
    unprefixed path, the API and admin included; here those paths follow the
    language cookie, then ``Accept-Language``, as a client would expect.

    The language switch (``/i18n/setlang/``) runs in the language of the page it
    was posted from, so that Django can resolve that page's address and send the
    visitor to its translation (from ``/en/blog/`` back to ``/blog/`` too).
    """

    unprefixed_paths = ("/api/", "/admin/")
    switch_paths = ("/i18n/",)

    def process_request(self, request):
        if request.path_info.startswith(self.switch_paths):
            language = self.page_language(request)
        elif request.path_info.startswith(self.unprefixed_paths):
            language = translation.get_language_from_request(request, check_path=False)
        else:
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    @staticmethod
    def page_language(request) -> str:
        """Return the language of the page named by ``next`` (or the referer): its prefix, else French."""
        next_url = request.POST.get("next") or request.GET.get("next") or request.headers.get("Referer", "")
        path = urlsplit(next_url).path
        return translation.get_language_from_path(path) or settings.LANGUAGE_CODE
