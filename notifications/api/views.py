"""The caller's notifications: ``GET /api/v1/notifications/?since=``, ``POST .../{id}/read/``, ``POST .../read-all/``.

Always the caller's own (no user in the URL): another user's notification is a 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors
from notifications.models import Notification
from notifications.services import notifications_mark_all_read, notifications_mark_read
from webox.common.ratelimits import TierThrottleMixin

from .serializers import MarkedSerializer, NotificationSerializer

SINCE = OpenApiParameter(
    "since",
    OpenApiTypes.STR,
    description="Only notifications after this one: a notification id, or an ISO 8601 date and time "
    "(the `created_at` of the last one seen).",
)


class NotificationListApi(ListAPIView):
    """List the caller's notifications, newest first, with ``unread_count`` beside the page."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notification.objects.none()
        return selectors.notification_list(user=self.request.user, since=self.request.query_params.get("since"))

    @extend_schema(
        parameters=[SINCE],
        responses=inline_serializer(
            "PaginatedNotificationList",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "unread_count": serializers.IntegerField(),
                "results": NotificationSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        response = self.list(request, *args, **kwargs)
        response.data["unread_count"] = selectors.notification_unread_count(user=request.user)
        return response


class NotificationReadApi(TierThrottleMixin, APIView):
    """Mark one of the caller's notifications read: 200 with the counts, 404 when it is not theirs."""

    ratelimit_tier = "moderate"

    @extend_schema(request=None, responses={200: MarkedSerializer})
    def post(self, request: Request, notification_id: int) -> Response:
        marked = notifications_mark_read(user=request.user, ids=[notification_id])
        return Response(_counts(request, marked))


class NotificationReadAllApi(TierThrottleMixin, APIView):
    """Mark every notification of the caller read: 200 with the counts."""

    ratelimit_tier = "moderate"

    @extend_schema(request=None, responses={200: MarkedSerializer})
    def post(self, request: Request) -> Response:
        marked = notifications_mark_all_read(user=request.user)
        return Response(_counts(request, marked))


def _counts(request: Request, marked: int) -> dict:
    return {"marked": marked, "unread_count": selectors.notification_unread_count(user=request.user)}
