"""Every app's REST endpoints under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("shop.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("ai_studio.api.urls")),
    path("", include("support.api.urls")),
    path("", include("blog.api.urls")),
]
