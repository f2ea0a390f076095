"""Generation jobs: create (validate, reserve credits, enqueue), run (call the provider), cancel.

A job moves queued → running → succeeded | failed, or → cancelled. Its
reservation is settled on the real cost when it succeeds and given back when
it fails or is cancelled; ``GenerationJob.settled`` makes that happen once.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError, Conflict, NotFound

from ..catalogue import AiModel, model_get
from ..errors import AiErrorCode, DailyLimitReached
from ..events import job_finished_notify, job_push
from ..models import GenerationJob, GenerationResult
from ..providers import ChatRequest, ErrorKind, GeneratedFile, ImageRequest, ProviderError, Usage, provider_get
from ..providers import messages_tuple as _messages
from .credits import credits_refund, credits_reserve, credits_settle
from .params import cost_estimate, params_clean, prompt_clean

logger = logging.getLogger(__name__)
Status = GenerationJob.Status
SUPPORTED_KINDS = (GenerationJob.Kind.CHAT, GenerationJob.Kind.IMAGE)


@dataclass
class Outcome:
    """What a provider produced for a job."""

    files: list[GeneratedFile] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    images: int = 0


def job_model_get(kind: str, model_id: str) -> AiModel:
    if kind not in SUPPORTED_KINDS:
        message = _("This kind of generation is not available yet.")
        raise ApplicationError(message, code=AiErrorCode.WRONG_CAPABILITY, extra={"fields": {"kind": [message]}})
    model = model_get(model_id=model_id)
    if model.capability != kind:
        message = _("This model cannot make this kind of generation.")
        raise ApplicationError(message, code=AiErrorCode.WRONG_CAPABILITY, extra={"fields": {"model": [message]}})
    if not model.available:
        message = model.reason or _("This model is not available right now.")
        raise ApplicationError(message, code=AiErrorCode.MODEL_UNAVAILABLE, extra={"fields": {"model": [message]}})
    return model


def jobs_daily_limit_check(user) -> None:
    since = timezone.now() - timedelta(days=1)
    if GenerationJob.objects.filter(user=user, created_at__gte=since).count() >= settings.AI_DAILY_JOB_LIMIT:
        raise DailyLimitReached(_("You have reached today's limit of generations. Try again tomorrow."))


def _enqueue(job_id: int) -> None:
    from ..tasks import job_run_task

    job_run_task.delay(job_id)


def job_create(*, user, kind: str, model: str, prompt: str, params: dict | None = None) -> GenerationJob:
    """Queue a generation: check it, reserve its estimated cost (402 when short), run it after commit."""
    ai_model = job_model_get(kind, model)
    prompt = prompt_clean(prompt)
    params = params_clean(capability=ai_model.capability, params=params)
    jobs_daily_limit_check(user)
    estimate = cost_estimate(model=ai_model, prompt=prompt, params=params)
    with transaction.atomic():
        job = GenerationJob.objects.create(
            user=user, kind=kind, model=ai_model.id, provider=ai_model.provider, prompt=prompt, params=params
        )
        credits_reserve(user=user, amount=estimate, job=job)
        job_push(job)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_cancel(*, job: GenerationJob) -> GenerationJob:
    """Stop a queued or running job and give its credits back; a finished job is a ``Conflict``."""
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().get(pk=job.pk)
        if job.is_finished:
            raise Conflict(_("This generation is already finished."), code=AiErrorCode.JOB_FINISHED)
        job.status, job.finished_at = Status.CANCELLED, timezone.now()
        job.save(update_fields=["status", "finished_at", "updated_at"])
        job_push(job)
        return credits_refund(job=job)


def job_get_for(*, user, job_id: int) -> GenerationJob:
    """Return the user's own job ``job_id``; anyone else's is a ``NotFound``."""
    job = GenerationJob.objects.filter(user=user, pk=job_id).prefetch_related("results").first()
    if job is None:
        raise NotFound(_("This generation does not exist."), code=AiErrorCode.JOB_NOT_FOUND)
    return job


def job_start(job_id: int) -> GenerationJob | None:
    """Mark the job running (again, when a task is redelivered); None when it is already finished."""
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.status, job.progress = Status.RUNNING, 10
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "progress", "started_at", "updated_at"])
        job_push(job)
        return job


def _execute(job: GenerationJob, model: AiModel) -> Outcome:
    """Call the provider for ``job`` (chat without streaming, or images)."""
    provider = provider_get(model.provider)
    if job.kind == GenerationJob.Kind.CHAT:
        pairs = [("system", job.params["system_prompt"])] if job.params.get("system_prompt") else []
        request = ChatRequest(
            model=model.model, messages=_messages([*pairs, ("user", job.prompt)]), max_tokens=job.params["max_tokens"]
        )
        result = provider.chat(request)
        answer = GeneratedFile(content=result.text.encode(), content_type="text/markdown", extension="md")
        return Outcome(files=[answer], usage=result.usage)
    params = job.params
    request = ImageRequest(
        model=model.model, prompt=job.prompt, size=params["size"], count=params["count"], style=params["style"]
    )
    result = provider.image(request)
    return Outcome(files=list(result.images), images=len(result.images))


def _job_succeed(job_id: int, model: AiModel, outcome: Outcome) -> None:
    """Store the files, record the usage and settle the real cost (a job cancelled meanwhile keeps nothing)."""
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return
        for number, generated in enumerate(outcome.files, start=1):
            result = GenerationResult(job=job, content_type=generated.content_type)
            result.file.save(f"job-{job.pk}-{number}.{generated.extension}", ContentFile(generated.content), save=False)
            result.save()
        job.input_tokens, job.output_tokens = outcome.usage.input_tokens, outcome.usage.output_tokens
        job.status, job.progress, job.finished_at = Status.SUCCEEDED, 100, timezone.now()
        job.save()
        if job.kind == GenerationJob.Kind.CHAT:
            cost = model.tokens_cost(input_tokens=job.input_tokens, output_tokens=job.output_tokens)
        else:
            cost = model.images_cost(count=outcome.images)
        credits_settle(job=job, cost=cost)
        job_push(job)
        job_finished_notify(job)


def job_fail(job_id: int, message: str) -> None:
    """Mark the job failed with ``message`` and give its credits back."""
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return
        job.status, job.error, job.finished_at = Status.FAILED, message, timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        credits_refund(job=job)
        job_push(job)
        job_finished_notify(job)


def job_failure_message(exc: ProviderError) -> str:
    if exc.kind == ErrorKind.REFUSED:
        return _("The provider refused this prompt: %(reason)s") % {"reason": exc.message}
    if exc.kind == ErrorKind.INVALID:
        return _("The provider rejected this request: %(reason)s") % {"reason": exc.message}
    return _("The provider is not available right now. Your credits were given back; try again later.")


def job_run(*, job_id: int, final_attempt: bool = True) -> None:
    """Run a queued job; a retryable provider error is raised again unless this is the final attempt."""
    job = job_start(job_id)
    if job is None:
        return
    try:
        model = model_get(model_id=job.model)
        outcome = _execute(job, model)
    except ProviderError as exc:
        if exc.retryable and not final_attempt:
            raise
        job_fail(job_id, job_failure_message(exc))
        return
    except Exception:
        logger.exception("AI job %s failed", job_id)
        job_fail(job_id, _("The generation failed. Your credits were given back."))
        return
    _job_succeed(job_id, model, outcome)


def job_results_erase(*, user) -> None:
    """Delete the files of the user's generations once the current transaction commits (account deletion)."""
    files = [(result.file.storage, result.file.name) for result in GenerationResult.objects.filter(job__user=user)]

    def erase() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(erase)
