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
from ..models import GenerationJob
from ..services import credit_account_get, job_cancel, job_create, job_get_for
from .serializers import AiModelSerializer, CreditsSerializer, JobCreateSerializer, JobSerializer


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
