"""Root URLs.

Pages are under ``i18n_patterns``: French without a prefix, English under
``/en/``. The API, admin, health check, webhooks and sockets have one address.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .monitoring import views as monitoring_views
from .sitemaps import sitemap_index, sitemaps

handler400 = "webox.views.bad_request"
handler403 = "webox.views.permission_denied"
handler404 = "webox.views.page_not_found"
handler500 = "webox.views.server_error"

urlpatterns = [
    path("health/", views.health_view, name="health"),
    path("metrics", monitoring_views.metrics_view, name="metrics"),
    path("metrics/", monitoring_views.metrics_view),
    # The monitoring page sits in the back office (staff with 2FA): before the admin's catch-all.
    path("admin/monitoring/", admin.site.admin_view(monitoring_views.monitoring_page), name="admin-monitoring"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("webox.api_urls")),
    # Gateways' notifications and the sandbox page: one address, whatever the language.
    path("payments/", include("payments.webhook_urls")),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap-section"),
]

urlpatterns += i18n_patterns(
    path("", include("webox.page_urls")),
    path("accounts/2fa/", include("accounts.twofactor.urls")),
    path("accounts/", include("accounts.allauth_urls")),  # allauth's views behind the strict tier: first
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("shop/", include("shop.urls")),
    path("orders/", include("orders.urls")),
    path("payments/", include("payments.urls")),
    path("studio/", include("ai_studio.urls")),
    path("help/", include("support.urls")),
    path("blog/", include("blog.urls")),
    path("notifications/", include("notifications.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
