"""The AI studio's API: models, credits and generation jobs, always the caller's own."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webox.common.ratelimits import TierThrottleMixin

from .. import selectors
from ..catalogue import model_list
from ..models import Conversation, GenerationJob
from ..services import (
    conversation_create,
    conversation_delete,
    conversation_get_for,
    conversation_rename,
    credit_account_get,
    job_cancel,
    job_create,
    job_get_for,
    message_send,
)
from .serializers import (
    AiModelSerializer,
    ConversationCreateSerializer,
    ConversationDetailSerializer,
    ConversationRenameSerializer,
    ConversationSerializer,
    CreditsSerializer,
    JobCreateSerializer,
    JobSerializer,
    MessageCreateSerializer,
    MessageSentSerializer,
)


class ModelListApi(APIView):
    """List the catalogue's models with their prices in credits and whether they serve now."""

    @extend_schema(responses={200: AiModelSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(AiModelSerializer(model_list(), many=True).data)


class CreditsApi(APIView):
    """The caller's balance and latest credit movements."""

    @extend_schema(responses={200: CreditsSerializer})
    def get(self, request: Request) -> Response:
        account = credit_account_get(user=request.user)
        data = {"balance": account.balance, "entries": selectors.credit_entry_list(user=request.user)}
        return Response(CreditsSerializer(data).data)


class JobListCreateApi(TierThrottleMixin, ListAPIView):
    """List the caller's jobs, the latest first; queue a new one (202; 402 ``insufficient_credits``)."""

    serializer_class = JobSerializer
    ratelimit_tier = "moderate"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return GenerationJob.objects.none()
        return selectors.job_list(user=self.request.user)

    @extend_schema(request=JobCreateSerializer, responses={202: JobSerializer})
    def post(self, request: Request) -> Response:
        serializer = JobCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = job_create(user=request.user, **serializer.validated_data)
        job = job_get_for(user=request.user, job_id=job.pk)
        return Response(JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class JobDetailApi(APIView):
    """One of the caller's jobs (404 for anyone else's)."""

    @extend_schema(responses={200: JobSerializer})
    def get(self, request: Request, job_id: int) -> Response:
        job = job_get_for(user=request.user, job_id=job_id)
        return Response(JobSerializer(job, context={"request": request}).data)


class JobCancelApi(TierThrottleMixin, APIView):
    """Cancel one of the caller's queued or running jobs; its credits come back (409 when finished)."""

    ratelimit_tier = "moderate"

    @extend_schema(request=None, responses={200: JobSerializer})
    def post(self, request: Request, job_id: int) -> Response:
        job = job_cancel(job=job_get_for(user=request.user, job_id=job_id))
        job = job_get_for(user=request.user, job_id=job.pk)
        return Response(JobSerializer(job, context={"request": request}).data)


def _conversation_detail(*, user, conversation_id: int):
    conversation = conversation_get_for(user=user, conversation_id=conversation_id)
    return selectors.conversation_with_messages(conversation_id=conversation.pk)


class ConversationListCreateApi(TierThrottleMixin, ListAPIView):
    """List the caller's conversations, the latest active first; open a new one (201)."""

    serializer_class = ConversationSerializer
    ratelimit_tier = "moderate"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Conversation.objects.none()
        return Conversation.objects.filter(user=self.request.user)

    @extend_schema(request=ConversationCreateSerializer, responses={201: ConversationDetailSerializer})
    def post(self, request: Request) -> Response:
        serializer = ConversationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation = conversation_create(user=request.user, **serializer.validated_data)
        data = ConversationDetailSerializer(
            _conversation_detail(user=request.user, conversation_id=conversation.pk)
        ).data
        return Response(data, status=status.HTTP_201_CREATED)


class ConversationDetailApi(TierThrottleMixin, APIView):
    """One of the caller's conversations with its messages (404 for anyone else's); rename it; delete it."""

    ratelimit_tier = "moderate"

    @extend_schema(responses={200: ConversationDetailSerializer})
    def get(self, request: Request, conversation_id: int) -> Response:
        conversation = _conversation_detail(user=request.user, conversation_id=conversation_id)
        return Response(ConversationDetailSerializer(conversation).data)

    @extend_schema(request=ConversationRenameSerializer, responses={200: ConversationDetailSerializer})
    def patch(self, request: Request, conversation_id: int) -> Response:
        serializer = ConversationRenameSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation = conversation_get_for(user=request.user, conversation_id=conversation_id)
        conversation_rename(conversation=conversation, title=serializer.validated_data["title"])
        conversation = _conversation_detail(user=request.user, conversation_id=conversation_id)
        return Response(ConversationDetailSerializer(conversation).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, conversation_id: int) -> Response:
        conversation_delete(conversation=conversation_get_for(user=request.user, conversation_id=conversation_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationMessageCreateApi(TierThrottleMixin, APIView):
    """Send a message (201): the reply streams over ws/ai/conversations/{id}/ (402 ``insufficient_credits``)."""

    ratelimit_tier = "moderate"

    @extend_schema(request=MessageCreateSerializer, responses={201: MessageSentSerializer})
    def post(self, request: Request, conversation_id: int) -> Response:
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation = conversation_get_for(user=request.user, conversation_id=conversation_id)
        question, reply = message_send(conversation=conversation, content=serializer.validated_data["content"])
        messages = selectors.message_list(ids=[question.pk, reply.pk])  # the reply is complete in eager mode
        return Response(
            MessageSentSerializer({"message": messages[0], "reply": messages[1]}).data, status=status.HTTP_201_CREATED
        )
