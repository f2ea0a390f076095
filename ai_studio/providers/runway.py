"""Video with Runway's official SDK (``runwayml``): text to video, image to video, tasks polled here.

``text_to_video.create`` / ``image_to_video.create`` start a task and return its
id; ``tasks.retrieve`` says PENDING, THROTTLED, RUNNING (with ``progress`` 0-1),
SUCCEEDED (``output``: short-lived URLs) or FAILED (``failure``, ``failureCode``).
The SDK's own ``wait_for_task_output`` polls every 6 seconds and blocks: it is
never used; the job polls at its own pace. The SDK's retries are off: the Celery
task retries. A picture to animate travels as a base64 data URI (5 MB at most).
"""

import base64
from functools import cached_property

import runwayml
from django.utils.translation import gettext

from .base import ErrorKind, ProviderError, VideoRequest, VideoResult, VideoTask
from .sdk import KeyedAdapter, provider_errors, status_error, transport_error
from .video_fetch import video_fetch

# Ratios of the studio → Runway's pixel ratios; text to video takes only landscape and portrait.
TEXT_RATIOS = {"16:9": "1280:720", "9:16": "720:1280"}
IMAGE_RATIOS = {**TEXT_RATIOS, "1:1": "960:960"}
DURATIONS = {"gen4.5": tuple(range(2, 11)), "gen4_turbo": (5, 10)}
IMAGE_ONLY = frozenset({"gen4_turbo"})
STATUSES = {"PENDING": "pending", "THROTTLED": "pending", "RUNNING": "running", "SUCCEEDED": "succeeded"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class RunwayProvider(KeyedAdapter):
    """Runway Gen-4.5 (text or image to video) and Gen-4 Turbo (image to video)."""

    default_label = "Runway"

    @cached_property
    def client(self) -> runwayml.RunwayML:
        return runwayml.RunwayML(
            api_key=self.api_key, base_url=self.base_url or None, timeout=self.timeout, max_retries=0
        )

    def video_durations(self, model: str) -> tuple[int, ...]:
        """Return the durations (seconds) ``model`` renders."""
        return DURATIONS.get(model, (5, 10))

    def video_create(self, request: VideoRequest) -> VideoTask:
        """Start a text-to-video task, or an image-to-video one when the request carries a picture."""
        params = self._create_params(request)
        with self._errors():
            if request.image is None:
                task = self.client.text_to_video.create(**params)
            else:
                task = self.client.image_to_video.create(**params, prompt_image=_data_uri(request, self.alias))
        return VideoTask(id=task.id, status="pending")

    def video_poll(self, task_id: str) -> VideoTask:
        """Return the task's state; a task stopped by Runway's moderation is a ``REFUSED`` error."""
        with self._errors():
            task = self.client.tasks.retrieve(task_id)
        if task.status in STATUSES:
            progress = 100 if task.status == "SUCCEEDED" else round((getattr(task, "progress", 0) or 0) * 100)
            return VideoTask(id=task_id, status=STATUSES[task.status], progress=progress)
        if task.status == "FAILED" and "SAFETY" in (task.failure_code or ""):
            message = gettext("The provider refused this request under its content policy.")
            raise ProviderError(f"{message} ({task.failure})", kind=ErrorKind.REFUSED, provider=self.alias)
        reason = getattr(task, "failure", "") or gettext("The task was cancelled.")
        return VideoTask(id=task_id, status="failed", error=reason)

    def video_download(self, task_id: str) -> VideoResult:
        """Fetch the finished task again (its URLs expire) and download its first output."""
        with self._errors():
            task = self.client.tasks.retrieve(task_id)
        if task.status != "SUCCEEDED" or not task.output:
            raise ProviderError(gettext("This video is not ready yet."), kind=ErrorKind.INVALID, provider=self.alias)
        return video_fetch(task.output[0], provider=self.alias, timeout=self.timeout)

    # ------------------------------------------------------------------ helpers
    def _create_params(self, request: VideoRequest) -> dict:
        if request.model in IMAGE_ONLY and request.image is None:
            message = gettext("This model animates a picture: choose one of your images.")
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=self.alias)
        ratios = TEXT_RATIOS if request.image is None else IMAGE_RATIOS
        duration = round(request.duration)
        if request.ratio not in ratios or duration not in self.video_durations(request.model):
            message = gettext("Runway cannot make this format or duration with this model.")
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=self.alias)
        params = {"model": request.model, "ratio": ratios[request.ratio], "duration": duration}
        return {**params, "prompt_text": request.prompt[:1000]}

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=runwayml.RunwayMLError, normalise=normalise_error)


def _data_uri(request: VideoRequest, provider: str) -> str:
    image = request.image
    if len(image.content) > MAX_IMAGE_BYTES:
        message = gettext("The picture is too large for the provider (5 MB at most).")
        raise ProviderError(message, kind=ErrorKind.INVALID, provider=provider)
    return f"data:{image.content_type};base64,{base64.b64encode(image.content).decode()}"


def normalise_error(error: runwayml.RunwayMLError, *, provider: str) -> ProviderError:
    """Map a Runway SDK exception to a ``ProviderError`` of the right kind."""
    found = transport_error(
        error, provider=provider, timeout=runwayml.APITimeoutError, connection=runwayml.APIConnectionError
    )
    if found is not None:
        return found
    if not isinstance(error, runwayml.APIStatusError):
        return ProviderError(str(error), kind=ErrorKind.UNAVAILABLE, provider=provider)
    return status_error(
        status=error.status_code, detail=_detail(error), headers=error.response.headers, provider=provider
    )


def _detail(error: runwayml.APIStatusError) -> str:
    """Return Runway's own explanation (``{"error": "..."}`` or ``{"error": {"message"}}``), or ""."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error") or ""
    if isinstance(detail, dict):
        detail = detail.get("message") or ""
    return detail
