"""All WebSocket routes of the project, served by the ASGI application."""

from ai_studio.routing import websocket_urlpatterns as ai_studio_routes
from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*notification_routes, *ai_studio_routes]
