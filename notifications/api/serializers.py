"""Serializers of the notifications API."""

from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    """A notification as the API and the socket show it (``read``: whether the user has seen it)."""

    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    """How many notifications a "mark read" call changed, and how many remain unread."""

    marked = serializers.IntegerField()
    unread_count = serializers.IntegerField()
