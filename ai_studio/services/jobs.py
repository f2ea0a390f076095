"""Generation jobs: create (validate, reserve credits, enqueue), run (call the provider), cancel.

A job moves queued → running → succeeded | failed, or → cancelled. Its
reservation is settled on the real cost when it succeeds and given back when
it fails or is cancelled; ``GenerationJob.settled`` makes that happen once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError, Conflict, NotFound

from ..catalogue import AiModel, model_default, model_get
from ..errors import AiErrorCode, DailyLimitReached, JobCancelled
from ..events import job_finished_notify, job_push
from ..models import GenerationJob, GenerationResult
from ..moderation import prompt_moderate
from ..providers import ErrorKind, ProviderError
from .credits import credits_refund, credits_reserve, credits_settle
from .kinds import JobContext, Outcome, kind_get
from .params import params_object, prompt_clean

logger = logging.getLogger(__name__)
Status = GenerationJob.Status


def _model_error(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"fields": {"model": [message]}})


def job_model_get(kind: str, model_id: str) -> AiModel:
    """Return the catalogue model for a job of ``kind``: the one named, or the default for its capability."""
    capability = kind_get(kind).capability
    if not model_id:
        model = model_default(capability=capability)
        if model is None:
            raise _model_error(_("No model can make this kind of generation right now."), AiErrorCode.MODEL_UNAVAILABLE)
        return model
    model = model_get(model_id=model_id)
    if model.capability != capability:
        raise _model_error(_("This model cannot make this kind of generation."), AiErrorCode.WRONG_CAPABILITY)
    if not model.available:
        raise _model_error(model.reason or _("This model is not available right now."), AiErrorCode.MODEL_UNAVAILABLE)
    return model


def jobs_daily_limit_check(user) -> None:
    since = timezone.now() - timedelta(days=1)
    if GenerationJob.objects.filter(user=user, created_at__gte=since).count() >= settings.AI_DAILY_JOB_LIMIT:
        raise DailyLimitReached(_("You have reached today's limit of generations. Try again tomorrow."))


def _enqueue(job_id: int) -> None:
    from ..tasks import job_run_task

    job_run_task.delay(job_id)


def job_create(*, user, kind: str, model: str = "", prompt: str, params: dict | None = None) -> GenerationJob:
    """Queue a generation: check it, reserve its estimated cost (402 when short), run it after commit."""
    handler = kind_get(kind)
    ai_model = job_model_get(kind, model)
    prompt = prompt_clean(prompt) if handler.prompt_required or (prompt or "").strip() else ""
    prompt_moderate(prompt)
    params = handler.clean(params_object(params))
    handler.params_moderate(params)
    jobs_daily_limit_check(user)
    estimate = handler.estimate(ai_model, prompt, params)
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


def job_progress(*, job_id: int, percent: int, stage: str = "") -> None:
    """Record how far a running job got and push it to its owner; raise ``JobCancelled`` once it was cancelled.

    Progress never goes back, and never reaches 100 before the job succeeds.
    """
    percent = max(0, min(int(percent), 99))
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().get(pk=job_id)
        if job.status == Status.CANCELLED:
            raise JobCancelled(job_id)
        if job.status != Status.RUNNING:
            return
        job.progress, job.stage = max(job.progress, percent), stage[:100] or job.stage
        job.save(update_fields=["progress", "stage", "updated_at"])
        job_push(job)


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
        credits_settle(job=job, cost=outcome.cost)
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
        outcome = kind_get(job.kind).run(JobContext(job, model))
    except JobCancelled:
        return
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
