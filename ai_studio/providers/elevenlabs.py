"""Text to speech and music with ElevenLabs through its official SDK (``elevenlabs`` 2.x).

Speech: ``text_to_speech.convert(voice_id, text, model_id, output_format, voice_settings)``;
music: ``music.compose(prompt, music_length_ms, model_id, output_format)``; both stream the
audio's bytes. Both are asked for raw 16-bit PCM (``pcm_24000``: offered on every plan, unlike
44.1 kHz), wrapped here in a WAV, so the duration is exact; an ``mp3_<rate>_<kbps>`` format can
be configured instead (constant bit rate: the duration follows from the size).

The SDK reads ``ELEVENLABS_API_KEY`` when it is imported, so the key is always passed
explicitly. Its own retries are off (``max_retries: 0``): the Celery task retries.
"""

import re
from functools import cached_property

import httpx
from django.core.cache import cache
from django.utils.translation import gettext
from elevenlabs.client import ElevenLabs
from elevenlabs.core.api_error import ApiError
from elevenlabs.types import VoiceSettings

from .base import (
    AudioResult,
    ErrorKind,
    GeneratedFile,
    MusicRequest,
    ProviderError,
    SpeechRequest,
)
from .sdk import KeyedAdapter, provider_errors, retry_after_seconds
from .wav import mp3_cbr_duration, wav_file, wav_from_pcm

DEFAULT_VOICE = "JBFqnCBsd6RMkjVDRZzb"  # "George", a premade voice every account has
SPEED_RANGE = (0.7, 1.2)  # what ElevenLabs' voice settings accept
VOICES_CACHE_SECONDS = 3600
NO_RETRIES = {"max_retries": 0}
REFUSAL_STATUSES = frozenset({"bad_prompt", "content_against_policy", "voice_not_allowed"})
QUOTA_STATUSES = frozenset({"quota_exceeded", "payment_required"})
FORMAT = re.compile(r"^(?P<codec>pcm|mp3)_(?P<rate>\d+)(?:_(?P<kbps>\d+))?$")


class ElevenLabsProvider(KeyedAdapter):
    """ElevenLabs voices (text to speech) and music."""

    def __init__(
        self,
        *,
        alias: str,
        api_key: str,
        base_url: str = "",
        timeout: float = 240,
        label: str = "ElevenLabs",
        output_format: str = "pcm_24000",
    ):
        if not FORMAT.match(output_format):
            raise ValueError(
                f"Unsupported ElevenLabs output format {output_format!r}: use pcm_<rate> or mp3_<rate>_<kbps>"
            )
        super().__init__(alias=alias, api_key=api_key, base_url=base_url, timeout=timeout, label=label)
        self.output_format = output_format

    @cached_property
    def client(self) -> ElevenLabs:
        return ElevenLabs(api_key=self.api_key, base_url=self.base_url or None, timeout=self.timeout)

    def speed_range(self) -> tuple[float, float]:
        """Return the slowest and fastest speeds ElevenLabs reads at (others are brought within)."""
        return SPEED_RANGE

    def speech(self, request: SpeechRequest) -> AudioResult:
        """Read ``request.text`` with the chosen voice (the default voice when none is given)."""
        speed = min(max(request.speed, SPEED_RANGE[0]), SPEED_RANGE[1])
        with self._errors():
            chunks = self.client.text_to_speech.convert(
                request.voice or DEFAULT_VOICE,
                text=request.text,
                model_id=request.model,
                output_format=self.output_format,
                voice_settings=VoiceSettings(speed=speed),
                request_options=NO_RETRIES,
            )
            content = b"".join(chunks)
        return self._audio(content)

    def music(self, request: MusicRequest) -> AudioResult:
        """Compose ``request.duration`` seconds of music from the prompt."""
        with self._errors():
            chunks = self.client.music.compose(
                prompt=request.prompt,
                music_length_ms=round(request.duration * 1000),
                model_id=request.model,
                output_format=self.output_format,
                request_options=NO_RETRIES,
            )
            content = b"".join(chunks)
        return self._audio(content)

    def voices(self) -> list[tuple[str, str]]:
        """Return the account's voices as ``(voice_id, name)``, kept in the cache for an hour."""
        key = f"ai-elevenlabs-voices-{self.alias}"
        voices = cache.get(key)
        if voices is None:
            with self._errors():
                response = self.client.voices.search(page_size=100, request_options=NO_RETRIES)
            voices = [(voice.voice_id, voice.name or voice.voice_id) for voice in response.voices]
            cache.set(key, voices, VOICES_CACHE_SECONDS)
        return voices

    # ------------------------------------------------------------------ helpers
    def _audio(self, content: bytes) -> AudioResult:
        """Turn the streamed bytes into a file and its real duration."""
        if not content:
            message = gettext("The provider returned an empty sound file.")
            raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=self.alias)
        parts = FORMAT.match(self.output_format)
        if parts["codec"] == "pcm":
            audio, duration = wav_file(wav_from_pcm(content, rate=int(parts["rate"])), provider=self.alias)
            return AudioResult(audio=audio, duration=duration)
        duration = mp3_cbr_duration(content, kbps=int(parts["kbps"] or 128))
        return AudioResult(GeneratedFile(content=content, content_type="audio/mpeg", extension="mp3"), duration)

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=(ApiError, httpx.HTTPError), normalise=normalise_error)


def normalise_error(error: Exception, *, provider: str) -> ProviderError:
    """Map an ElevenLabs SDK (or httpx) exception to a ``ProviderError`` of the right kind."""
    if isinstance(error, httpx.TimeoutException):
        return ProviderError(
            gettext("The provider did not answer in time."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, httpx.HTTPError):
        return ProviderError(
            gettext("The provider could not be reached."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    return _status_error(error, provider)


def _status_error(error: ApiError, provider: str) -> ProviderError:
    status, code = error.status_code or 0, _detail_status(error.body)
    if status == 429:
        message = _detail(gettext("The provider is rate limiting requests."), error.body)
        retry_after = retry_after_seconds(error.headers or {})
        return ProviderError(message, kind=ErrorKind.RATE_LIMITED, provider=provider, retry_after=retry_after)
    if code in REFUSAL_STATUSES:
        message = _detail(gettext("The provider refused this request under its content policy."), error.body)
        return ProviderError(message, kind=ErrorKind.REFUSED, provider=provider)
    if code in QUOTA_STATUSES or status == 402:
        message = _detail(gettext("The account's quota is exhausted."), error.body)
        return ProviderError(message, kind=ErrorKind.AUTHENTICATION, provider=provider)
    if status in (401, 403):
        message = _detail(gettext("The API key was refused."), error.body)
        return ProviderError(message, kind=ErrorKind.AUTHENTICATION, provider=provider)
    if status >= 500 or status == 408:
        message = _detail(gettext("The provider is unavailable."), error.body)
        retry_after = retry_after_seconds(error.headers or {})
        return ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider, retry_after=retry_after)
    message = _detail(gettext("The provider rejected the request."), error.body)
    return ProviderError(message, kind=ErrorKind.INVALID, provider=provider)


def _detail_status(body) -> str:
    """Return ElevenLabs' machine-readable reason, ``{"detail": {"status": ...}}``, or ""."""
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail.get("status") or "") if isinstance(detail, dict) else ""


def _detail(summary: str, body) -> str:
    """Add ElevenLabs' own explanation, when it gave one, to a short summary."""
    detail = body.get("detail") if isinstance(body, dict) else None
    message = detail.get("message") if isinstance(detail, dict) else detail if isinstance(detail, str) else ""
    return f"{summary} ({message})" if message else summary
