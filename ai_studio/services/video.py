"""The ``video`` kind: a short clip from a prompt, or from one of the user's pictures, rendered by a provider's task.

The job creates the provider's task, polls it every ``AI_VIDEO_POLL_SECONDS``
(reporting its progress, which also stops it when the user cancels), gives up after
``AI_VIDEO_TIMEOUT_SECONDS``, downloads the MP4 and is charged on its real duration.
The task's id is kept in the cache while it renders: when a rate limit or an outage
makes the Celery task run the job again, it polls the same task instead of paying
for a second one.
"""

import os
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from ..catalogue import AiModel
from ..models import GenerationJob
from ..providers import ErrorKind, GeneratedFile, ProviderError, VideoRequest, provider_get
from ..selectors import result_get_for
from .kinds import JobContext, JobKind, Outcome
from .params import int_param, invalid

VIDEO_RATIOS = ("16:9", "9:16", "1:1")
MAX_VIDEO_SECONDS = 10
DEFAULT_VIDEO_SECONDS = 5
SUBMITTED, RENDERED = 15, 90  # progress (%) once the task exists, and once it is rendered


def video_params_clean(params: dict) -> dict[str, Any]:
    """Return a video job's parameters: ``duration`` (seconds), ``ratio`` and an optional ``image`` (a result id)."""
    duration = int_param(params, "duration", DEFAULT_VIDEO_SECONDS, 1, MAX_VIDEO_SECONDS)
    ratio = params.get("ratio") or "16:9"
    if ratio not in VIDEO_RATIOS:
        raise invalid("params", _("Choose one of these formats: %(ratios)s.") % {"ratios": ", ".join(VIDEO_RATIOS)})
    cleaned: dict[str, Any] = {"duration": duration, "ratio": ratio}
    image = params.get("image")
    if image not in (None, ""):
        if isinstance(image, bool) or not isinstance(image, int) or image < 1:
            raise invalid("params", _("image: give the number of one of your images."))
        cleaned["image"] = image
    return cleaned


def video_durations(model: AiModel) -> tuple[int, ...]:
    """Return the durations (seconds) ``model`` renders, as its provider says."""
    provider = provider_get(model.provider)
    durations = getattr(provider, "video_durations", None)
    return tuple(durations(model.model)) if durations else tuple(range(1, MAX_VIDEO_SECONDS + 1))


def video_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits for the seconds asked; refuse a duration the model does not render."""
    allowed = video_durations(model)
    if params["duration"] not in allowed:
        message = _("This model makes videos of %(durations)s seconds.")
        raise invalid("params", message % {"durations": ", ".join(str(seconds) for seconds in allowed)})
    return model.seconds_cost(seconds=params["duration"])


def video_run(context: JobContext) -> Outcome:
    """Render the clip at the provider, polling it until it ends; cost on the video's real duration."""
    job, model = context.job, context.model
    provider = provider_get(model.provider)
    request = VideoRequest(
        model=model.model,
        prompt=job.prompt,
        duration=job.params["duration"],
        ratio=job.params["ratio"],
        image=_image(job, model.provider),
    )
    task_id, started = _task_get_or_create(job, provider, request)
    context.progress(SUBMITTED, _("Sent to the provider"))
    _task_wait(context, provider, task_id, deadline=started + settings.AI_VIDEO_TIMEOUT_SECONDS)
    context.progress(RENDERED + 2, _("Downloading"))
    result = provider.video_download(task_id)
    cache.delete(_task_key(job.pk))
    seconds = round(result.duration, 1)  # 5.02 s of container overhead is not a sixth second
    return Outcome(files=[result.video], cost=context.charge(model.seconds_cost(seconds=seconds)))


def _image(job: GenerationJob, provider: str) -> GeneratedFile | None:
    """Return the picture to animate: one of the job owner's own image results (anyone else's is refused)."""
    if "image" not in job.params:
        return None
    result = result_get_for(user=job.user, result_id=job.params["image"])
    if result is None or not result.content_type.startswith("image/"):
        raise ProviderError(_("This picture is not one of your images."), kind=ErrorKind.INVALID, provider=provider)
    with result.file.open("rb") as file:
        content = file.read()
    extension = os.path.splitext(result.file.name)[1].lstrip(".") or "png"
    return GeneratedFile(content=content, content_type=result.content_type, extension=extension)


def _task_key(job_id: int) -> str:
    return f"ai:video-job:{job_id}:task"


def _task_get_or_create(job: GenerationJob, provider, request: VideoRequest) -> tuple[str, float]:
    """Return the provider task of this job and when it started: the one already created, else a new one."""
    known = cache.get(_task_key(job.pk))
    if known:
        return known["id"], known["started"]
    task = provider.video_create(request)
    started = time.time()
    cache.set(_task_key(job.pk), {"id": task.id, "started": started}, settings.AI_VIDEO_TIMEOUT_SECONDS + 3600)
    return task.id, started


def _task_wait(context: JobContext, provider, task_id: str, *, deadline: float) -> None:
    """Poll the task until it succeeds; a failed or overdue task is an ``INVALID`` error (no retry)."""
    percent = float(SUBMITTED)
    while True:
        task = provider.video_poll(task_id)
        if task.status == "succeeded":
            return
        if task.status == "failed":
            cache.delete(_task_key(context.job.pk))
            reason = task.error or _("The provider could not make this video.")
            raise ProviderError(reason, kind=ErrorKind.INVALID, provider=provider.alias)
        if time.time() > deadline:
            cache.delete(_task_key(context.job.pk))
            message = _("The video was not ready after %(seconds)d seconds.")
            message %= {"seconds": settings.AI_VIDEO_TIMEOUT_SECONDS}
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=provider.alias)
        if task.progress:  # the provider's own percentage, when it gives one
            percent = max(percent, SUBMITTED + task.progress * (RENDERED - SUBMITTED) / 100)
        else:  # else creep towards the end without reaching it
            percent += (RENDERED - percent) * 0.1
        context.progress(int(percent), _("Rendering"))
        time.sleep(settings.AI_VIDEO_POLL_SECONDS)


VIDEO = JobKind(capability="video", clean=video_params_clean, estimate=video_cost_estimate, run=video_run)
