"""Project-level pages: home, legal pages, health, error pages."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.exceptions import Ratelimited

from blog.selectors import post_list_latest
from shop.selectors import category_list_roots, product_list_featured, product_list_new

from . import health, seo


@never_cache
@require_GET
def health_view(request: HttpRequest) -> JsonResponse:
    """Report each dependency; 503 only when the database is unreachable."""
    body = health.run_checks()
    return JsonResponse(body, status=503 if body["status"] == "down" else 200)


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a rate-limited request with 429 and Retry-After: JSON for the API, a page otherwise."""
    message = _("Too many requests. Please wait a moment and try again.")
    retry_after = max(1, int(getattr(exception, "retry_after", None) or 60))
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "rate_limited", "detail": message, "fields": {}}, status=429)
    else:
        context = {"message": message, "retry_after": retry_after}
        response = render(request, "errors/429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def _api_error(request: HttpRequest, *, code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail, "fields": {}}, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _api_error(request, code="not_found", detail=_("Not found."), status=404)
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, Ratelimited):  # django-ratelimit's decorator used directly
        return ratelimited(request, exception)
    if request.path.startswith("/api/"):
        return _api_error(request, code="permission_denied", detail=_("Permission denied."), status=403)
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _api_error(request, code="bad_request", detail=_("Bad request."), status=400)
    return render(request, "errors/400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without a request context: the failure may be in a context processor."""
    if request.path.startswith("/api/"):
        return _api_error(request, code="server_error", detail=_("Internal error."), status=500)
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def home(request: HttpRequest) -> HttpResponse:
    """Render the home page: categories, featured products, new arrivals and the latest posts."""
    context = {
        "categories": category_list_roots(),
        "featured_products": product_list_featured(limit=8),
        "new_products": product_list_new(limit=8),
        "latest_posts": post_list_latest(limit=3),
        "site_json_ld": [seo.json_ld(seo.organization_schema()), seo.json_ld(seo.website_schema())],
    }
    return render(request, "home.html", context)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Point crawlers to the sitemap and keep them out of private areas, in every language."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in seo.robots_disallowed_paths()), ""]
    lines.append(f"Sitemap: {seo.absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
