"""WebSocket routes of the notifications app (mounted under ``ws/`` by webox.routing)."""

websocket_urlpatterns: list = []
