"""Video with Luma's Dream Machine API through its official SDK (``lumaai``).

``generations.create`` (``POST /generations/video``) starts a generation whose
``state`` goes queued → dreaming → completed (``assets.video``: the MP4's URL) or
failed (``failure_reason``); ``generations.get`` reads it. Luma reports no
percentage. A first frame must be given to Luma as a public URL, which the
studio's private pictures never have: a request with a picture is refused, with
the reason. The SDK's retries are off: the Celery task retries.
"""

from functools import cached_property

import lumaai
from django.utils.translation import gettext

from .base import ErrorKind, ProviderError, VideoRequest, VideoResult, VideoTask
from .sdk import KeyedAdapter, provider_errors, status_error, transport_error
from .video_fetch import video_fetch

DURATIONS = (5, 9)
RATIOS = frozenset({"1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"})
STATES = {"queued": "pending", "dreaming": "running", "completed": "succeeded", "failed": "failed"}
REFUSAL_WORDS = ("moderation", "safety", "policy", "blocked")
RESOLUTION = "720p"


class LumaProvider(KeyedAdapter):
    """Luma Ray 2 and Ray Flash 2, from a prompt."""

    default_label = "Luma"

    @cached_property
    def client(self) -> lumaai.LumaAI:
        return lumaai.LumaAI(
            auth_token=self.api_key, base_url=self.base_url or None, timeout=self.timeout, max_retries=0
        )

    def video_durations(self, model: str) -> tuple[int, ...]:
        """Return the durations (seconds) Luma renders."""
        return DURATIONS

    def video_create(self, request: VideoRequest) -> VideoTask:
        """Start a generation from the prompt."""
        self._check(request)
        with self._errors():
            generation = self.client.generations.create(
                model=request.model,
                prompt=request.prompt,
                aspect_ratio=request.ratio,
                duration=f"{round(request.duration)}s",
                resolution=RESOLUTION,
            )
        return VideoTask(id=generation.id or "", status=STATES.get(generation.state or "queued", "pending"))

    def video_poll(self, task_id: str) -> VideoTask:
        """Return the generation's state; one stopped by Luma's moderation is a ``REFUSED`` error."""
        with self._errors():
            generation = self.client.generations.get(task_id)
        status = STATES.get(generation.state or "", "pending")
        if status != "failed":
            return VideoTask(id=task_id, status=status, progress=100 if status == "succeeded" else 0)
        reason = generation.failure_reason or gettext("The provider could not make this video.")
        if any(word in reason.lower() for word in REFUSAL_WORDS):
            message = gettext("The provider refused this request under its content policy.")
            raise ProviderError(f"{message} ({reason})", kind=ErrorKind.REFUSED, provider=self.alias)
        return VideoTask(id=task_id, status="failed", error=reason)

    def video_download(self, task_id: str) -> VideoResult:
        """Download the completed generation's video."""
        with self._errors():
            generation = self.client.generations.get(task_id)
        url = generation.assets.video if generation.assets else None
        if generation.state != "completed" or not url:
            raise ProviderError(gettext("This video is not ready yet."), kind=ErrorKind.INVALID, provider=self.alias)
        return video_fetch(url, provider=self.alias, timeout=self.timeout)

    # ------------------------------------------------------------------ helpers
    def _check(self, request: VideoRequest) -> None:
        if request.image is not None:
            message = gettext("Luma takes a picture only from a public address: animate it with another model.")
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=self.alias)
        if request.ratio not in RATIOS or round(request.duration) not in DURATIONS:
            message = gettext("Luma makes videos of 5 or 9 seconds.")
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=self.alias)

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=lumaai.LumaAIError, normalise=normalise_error)


def normalise_error(error: lumaai.LumaAIError, *, provider: str) -> ProviderError:
    """Map a Luma SDK exception to a ``ProviderError`` of the right kind (402: no credit left on the key)."""
    found = transport_error(
        error, provider=provider, timeout=lumaai.APITimeoutError, connection=lumaai.APIConnectionError
    )
    if found is not None:
        return found
    if not isinstance(error, lumaai.APIStatusError):
        return ProviderError(str(error), kind=ErrorKind.UNAVAILABLE, provider=provider)
    return status_error(
        status=error.status_code,
        detail=_detail(error),
        headers=error.response.headers,
        provider=provider,
        refused_key=(401, 402, 403),
    )


def _detail(error: lumaai.APIStatusError) -> str:
    """Return Luma's own explanation (``{"detail": "..."}``), or ""."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("detail") or ""
    return detail if isinstance(detail, str) else ""
