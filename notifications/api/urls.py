"""REST endpoints of notifications under /api/v1/."""

from django.urls import path

from .views import NotificationListApi, NotificationReadAllApi, NotificationReadApi

app_name = "notifications-api"
urlpatterns = [
    path("notifications/", NotificationListApi.as_view(), name="list"),
    path("notifications/read-all/", NotificationReadAllApi.as_view(), name="read-all"),
    path("notifications/<int:notification_id>/read/", NotificationReadApi.as_view(), name="read"),
]
