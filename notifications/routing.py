"""WebSocket routes of the notifications app (mounted under ``ws/`` by webox.routing)."""

from django.urls import path

from .consumers import NotificationConsumer

websocket_urlpatterns: list = [path("ws/notifications/", NotificationConsumer.as_asgi())]
