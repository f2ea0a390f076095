"""Chat, images, speech and moderation with OpenAI through its official SDK (``openai`` 3.x).

Chat uses Chat Completions (streamed with ``stream_options.include_usage`` so the
last chunk reports the tokens); images use the GPT image models, which answer in
base64 only; speech asks the audio API for a WAV, whose header gives the real
duration; moderation classifies a prompt (``omni-moderation-latest``). The SDK's
own retries are off: the Celery task retries, guided by ``ProviderError.retryable``
and ``retry_after``. SDK objects never leave this module.
"""

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import openai
from django.utils.translation import gettext

from .base import (
    AudioResult,
    ChatDelta,
    ChatRequest,
    ChatResult,
    ErrorKind,
    GeneratedFile,
    ImageRequest,
    ImageResult,
    ProviderError,
    SpeechRequest,
    Usage,
)
from .sdk import KeyedAdapter, provider_errors, status_error, transport_error
from .wav import wav_file

REFUSAL_CODES = frozenset({"content_policy_violation", "moderation_blocked"})
CONTENT_TYPES = {"png": "image/png", "webp": "image/webp", "jpeg": "image/jpeg"}
# The built-in voices of the speech API (the SDK's ``speech_create_params.Voice``); the first is the default.
SPEECH_VOICES = (
    "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar",
)  # fmt: skip
MODERATION_MODEL = "omni-moderation-latest"


@dataclass(frozen=True)
class ModerationVerdict:
    """Whether a text was flagged, and the categories (OpenAI's names, e.g. ``hate/threatening``) that flagged it."""

    flagged: bool
    categories: tuple[str, ...] = ()


class OpenAIProvider(KeyedAdapter):
    """OpenAI chat (streaming included) and GPT image generation."""

    default_label = "OpenAI"

    @cached_property
    def client(self) -> openai.OpenAI:
        return openai.OpenAI(api_key=self.api_key, base_url=self.base_url or None, timeout=self.timeout, max_retries=0)

    def chat(self, request: ChatRequest) -> ChatResult:
        """Answer in one piece."""
        with self._errors():
            completion = self.client.chat.completions.create(**self._chat_params(request))
        usage = _usage(completion.usage)
        if not completion.choices:
            raise ProviderError(
                gettext("The provider returned no answer."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        choice = completion.choices[0]
        self._check_refusal(choice.message.refusal, choice.finish_reason)
        return ChatResult(text=choice.message.content or "", usage=usage, finish_reason=choice.finish_reason)

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]:
        """Yield the answer's text pieces, then one delta with the usage and the finish reason."""
        usage, finish_reason, refusal = Usage(), None, []
        for chunk in self._chunks(request):
            if chunk.usage is not None:
                usage = _usage(chunk.usage)
            for choice in chunk.choices[:1]:
                finish_reason = choice.finish_reason or finish_reason
                refusal.append(choice.delta.refusal or "")
                if choice.delta.content:
                    yield ChatDelta(text=choice.delta.content)
        self._check_refusal("".join(refusal), finish_reason)
        yield ChatDelta(usage=usage, finish_reason=finish_reason or "stop")

    def image(self, request: ImageRequest) -> ImageResult:
        """Generate ``request.count`` images and decode them from base64."""
        prompt = f"{request.prompt}\n\nStyle: {request.style}" if request.style else request.prompt
        with self._errors():
            response = self.client.images.generate(
                model=request.model, prompt=prompt, n=request.count, size=request.size, output_format="png"
            )
        extension = response.output_format or "png"
        images = tuple(self._decode(item.b64_json, extension) for item in response.data or ())
        if not images:
            raise ProviderError(
                gettext("The provider returned no image."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        return ImageResult(images=images)

    def speech(self, request: SpeechRequest) -> AudioResult:
        """Read ``request.text`` aloud as a WAV (its header gives the real duration)."""
        voice = request.voice if request.voice in SPEECH_VOICES else SPEECH_VOICES[0]
        with self._errors():
            response = self.client.audio.speech.create(
                model=request.model, input=request.text, voice=voice, speed=request.speed, response_format="wav"
            )
            content = response.read()
        audio, duration = wav_file(content, provider=self.alias)
        return AudioResult(audio=audio, duration=duration)

    def voices(self) -> list[tuple[str, str]]:
        """Return the ``(id, name)`` of the voices ``speech()`` accepts."""
        return [(voice, voice.capitalize()) for voice in SPEECH_VOICES]

    def moderation(self, text: str, *, timeout: float = 10) -> ModerationVerdict:
        """Ask the moderation endpoint whether ``text`` breaks OpenAI's usage policies (a user waits: short timeout)."""
        with self._errors():
            response = self.client.moderations.create(model=MODERATION_MODEL, input=text, timeout=timeout)
        flagged = [result for result in response.results if result.flagged]
        categories = sorted({name for result in flagged for name, hit in _categories(result) if hit})
        return ModerationVerdict(flagged=bool(flagged), categories=tuple(categories))

    # ------------------------------------------------------------------ helpers
    def _chat_params(self, request: ChatRequest) -> dict:
        params = {
            "model": request.model,
            "messages": [{"role": message.role, "content": message.content} for message in request.messages],
            "max_completion_tokens": request.max_tokens,
        }
        if request.temperature is not None:
            params["temperature"] = request.temperature
        return params

    def _decode(self, data: str | None, extension: str) -> GeneratedFile:
        try:
            content = base64.b64decode(data or "", validate=True)
        except (binascii.Error, ValueError):
            content = b""
        if not content:
            raise ProviderError(
                gettext("The provider returned an unreadable image."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        return GeneratedFile(
            content=content, content_type=CONTENT_TYPES.get(extension, "image/png"), extension=extension
        )

    def _check_refusal(self, refusal: str | None, finish_reason: str | None) -> None:
        if refusal or finish_reason == "content_filter":
            message = gettext("The provider refused this request under its content policy.")
            raise ProviderError(f"{message} {refusal or ''}".strip(), kind=ErrorKind.REFUSED, provider=self.alias)

    def _chunks(self, request: ChatRequest) -> Iterator:
        """Yield the SDK's stream chunks, closing the response even when the reader stops early."""
        with self._errors():
            stream = self.client.chat.completions.create(
                **self._chat_params(request), stream=True, stream_options={"include_usage": True}
            )
            with stream:
                yield from stream

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=openai.OpenAIError, normalise=normalise_error)


def normalise_error(error: openai.OpenAIError, *, provider: str) -> ProviderError:
    """Map an OpenAI SDK exception to a ``ProviderError`` of the right kind."""
    found = transport_error(
        error, provider=provider, timeout=openai.APITimeoutError, connection=openai.APIConnectionError
    )
    if found is not None:
        return found
    if isinstance(error, openai.APIStatusError):
        return _status_error(error, provider)
    if isinstance(error, openai.APIError):  # an error event in the middle of a stream
        if error.code in REFUSAL_CODES:
            return _refused(error, provider)
        return ProviderError(
            _detail(gettext("The provider failed."), error), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    return ProviderError(str(error), kind=ErrorKind.INVALID, provider=provider)


def _status_error(error: openai.APIStatusError, provider: str) -> ProviderError:
    status = error.status_code
    if status == 429 and error.code == "insufficient_quota":
        return ProviderError(
            _detail(gettext("The account's quota is exhausted."), error),
            kind=ErrorKind.AUTHENTICATION,
            provider=provider,
        )
    if 400 <= status < 500 and status not in (401, 403, 408, 429) and error.code in REFUSAL_CODES:
        return _refused(error, provider)
    return status_error(status=status, detail=_message(error), headers=error.response.headers, provider=provider)


def _refused(error: openai.APIError, provider: str) -> ProviderError:
    message = _detail(gettext("The provider refused this request under its content policy."), error)
    return ProviderError(message, kind=ErrorKind.REFUSED, provider=provider)


def _message(error: openai.APIError) -> str:
    """Return the provider's own explanation (``{"message"}``), or ""."""
    body = error.body if isinstance(error.body, dict) else {}
    return body.get("message") or ""


def _detail(summary: str, error: openai.APIError) -> str:
    """Add the provider's own explanation, when it gave one, to a short summary."""
    detail = _message(error)
    return f"{summary} ({detail})" if detail else summary


def _categories(result) -> list[tuple[str, bool]]:
    """Return the ``(name, flagged)`` pairs of a moderation result, with OpenAI's names (``self-harm/intent``)."""
    return [(name, bool(hit)) for name, hit in result.categories.model_dump(by_alias=True).items()]


def _usage(usage) -> Usage:
    if usage is None:
        return Usage()
    return Usage(input_tokens=usage.prompt_tokens or 0, output_tokens=usage.completion_tokens or 0)
