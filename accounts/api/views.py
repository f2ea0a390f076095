from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.errors import AccountsErrorCode
from accounts.models import ApiToken
from accounts.services import (
    api_token_create,
    api_token_revoke,
    user_update_notification_preferences,
    user_update_profile,
)
from webox.common.errors import PermissionDenied

from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    MeSerializer,
    MeUpdateSerializer,
)


class MeApi(APIView):
    """Read and update the signed-in user's profile (always the caller's own: no id in the URL)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        preferences = data.pop("notification_preferences", None)
        user = user_update_profile(user=request.user, **data)
        if preferences is not None:
            user = user_update_notification_preferences(user=user, preferences=preferences)
        return Response(MeSerializer(user, context={"request": request}).data)


class MeTokenListCreateApi(ListAPIView):
    """List the caller's personal tokens; create one (its key is in the 201 response only)."""

    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ApiToken.objects.none()
        return self.request.user.api_tokens.order_by("-created_at")

    @extend_schema(request=ApiTokenCreateSerializer, responses={201: ApiTokenCreatedSerializer})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            # A leaked token must not mint a longer-lived one: new tokens need a signed-in session.
            message = _("Create tokens from your account, not with a token.")
            raise PermissionDenied(message, code=AccountsErrorCode.SESSION_REQUIRED)
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = api_token_create(user=request.user, request=request, **serializer.validated_data)
        body = ApiTokenCreatedSerializer(issued.token).data | {"key": issued.key}
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class MeTokenDeleteApi(APIView):
    """Revoke one of the caller's tokens; another user's token is a 404."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, token_id: int) -> Response:
        api_token_revoke(token=get_object_or_404(request.user.api_tokens, pk=token_id), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
