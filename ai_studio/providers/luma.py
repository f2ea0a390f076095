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
from .openai import retry_after_seconds
from .sdk import KeyedAdapter, provider_errors
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
    """Map a Luma SDK exception to a ``ProviderError`` of the right kind."""
    if isinstance(error, lumaai.APITimeoutError):
        return ProviderError(
            gettext("The provider did not answer in time."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, lumaai.APIConnectionError):
        return ProviderError(
            gettext("The provider could not be reached."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if not isinstance(error, lumaai.APIStatusError):
        return ProviderError(str(error), kind=ErrorKind.UNAVAILABLE, provider=provider)
    status = error.status_code
    if status == 429:
        message = _detail(gettext("The provider is rate limiting requests."), error)
        retry_after = retry_after_seconds(error.response.headers)
        return ProviderError(message, kind=ErrorKind.RATE_LIMITED, provider=provider, retry_after=retry_after)
    if status in (401, 402, 403):
        return ProviderError(
            _detail(gettext("The API key was refused."), error), kind=ErrorKind.AUTHENTICATION, provider=provider
        )
    if status >= 500 or status == 408:
        message = _detail(gettext("The provider is unavailable."), error)
        return ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider)
    return ProviderError(
        _detail(gettext("The provider rejected the request."), error), kind=ErrorKind.INVALID, provider=provider
    )


def _detail(summary: str, error: lumaai.APIStatusError) -> str:
    """Add Luma's own explanation (``{"detail": "..."}``), when it gave one, to a short summary."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("detail") or ""
    if not isinstance(detail, str):
        detail = ""
    return f"{summary} ({detail})" if detail else summary
