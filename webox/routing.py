"""All WebSocket routes of the project, served by the ASGI application."""

from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*notification_routes]
