"""DRF plumbing shared by every app: one error shape, one pagination style.

Errors are ``{"code": ..., "detail": ..., "fields": {...}}`` with a 4xx status.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError
from .ratelimits import RATE_LIMITED_MESSAGE


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}`` with ``?page=`` and ``?page_size=`` (max 100)."""

    page_size_query_param = "page_size"
    max_page_size = 100


def error_body(*, code: str, detail: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the API's error body."""
    return {"code": code, "detail": detail, "fields": fields or {}}


def _flatten(detail: Any) -> Any:
    """Turn DRF's ErrorDetail trees into plain strings and lists."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _validation_response(exc: exceptions.ValidationError) -> Response:
    detail = exc.detail
    if isinstance(detail, dict):
        fields = _flatten(detail)
        general = fields.pop("non_field_errors", None)
        message = general[0] if general else str(exceptions.ValidationError.default_detail)
    else:
        fields = {}
        message = "; ".join(_flatten(detail if isinstance(detail, list) else [detail]))
    code = "invalid"
    return Response(error_body(code=code, detail=message, fields=fields), status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map ApplicationError and DRF/Django exceptions to the API's single error shape."""
    if isinstance(exc, ApplicationError):
        body = error_body(code=exc.code, detail=exc.message, fields=exc.extra.get("fields"))
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):  # a WEBOX tier refused it; DRF set Retry-After
        response.data = error_body(code="rate_limited", detail=str(RATE_LIMITED_MESSAGE))
        return response
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    code = codes if isinstance(codes, str) else "error"
    response.data = error_body(code=code, detail=str(getattr(exc, "detail", exc)))
    return response
