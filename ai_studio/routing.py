"""WebSocket routes of the AI studio (mounted by webox.routing)."""

from django.urls import path

from .consumers import ConversationConsumer

websocket_urlpatterns: list = [
    path("ws/ai/conversations/<int:conversation_id>/", ConversationConsumer.as_asgi()),
]
