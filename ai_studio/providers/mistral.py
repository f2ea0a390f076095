"""Chat with Mistral through its official SDK (``mistralai`` 3.x, ``from mistralai.client import Mistral``).

The SDK raises ``SDKError`` (status, headers and the raw body text) for every HTTP error, and
lets the HTTP stack's own exceptions (``httpx2``) through for timeouts and refused connections.
Its retries are off (no ``retry_config``): the Celery task retries, guided by
``ProviderError.retryable`` and ``retry_after``. SDK objects never leave this module.
"""

import json
from collections.abc import Iterator
from functools import cached_property

import httpx2
from django.utils.translation import gettext
from mistralai.client import Mistral, errors

from .base import ChatDelta, ChatRequest, ChatResult, ErrorKind, ProviderError, Usage
from .sdk import KeyedAdapter, provider_errors, retry_after_seconds

REFUSAL_TYPES = frozenset({"guardrail_violation", "moderation_blocked", "content_policy_violation"})


class MistralProvider(KeyedAdapter):
    """Mistral chat, streaming included."""

    default_label = "Mistral"

    @cached_property
    def client(self) -> Mistral:
        return Mistral(api_key=self.api_key, server_url=self.base_url or None, timeout_ms=int(self.timeout * 1000))

    def chat(self, request: ChatRequest) -> ChatResult:
        """Answer in one piece."""
        with self._errors():
            completion = self.client.chat.complete(**_chat_params(request))
        if not completion.choices:
            raise ProviderError(
                gettext("The provider returned no answer."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        choice = completion.choices[0]
        finish_reason = str(choice.finish_reason or "stop")
        self._check_finish(finish_reason)
        return ChatResult(
            text=_text(choice.message.content), usage=_usage(completion.usage), finish_reason=finish_reason
        )

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]:
        """Yield the answer's text pieces, then one delta with the usage and the finish reason."""
        usage, finish_reason = Usage(), None
        for chunk in self._chunks(request):
            usage = _usage(chunk.usage) if chunk.usage is not None else usage
            for choice in chunk.choices[:1]:
                finish_reason = choice.finish_reason or finish_reason
                text = _text(choice.delta.content)
                if text:
                    yield ChatDelta(text=text)
        finish_reason = str(finish_reason or "stop")
        self._check_finish(finish_reason)
        yield ChatDelta(usage=usage, finish_reason=finish_reason)

    # ------------------------------------------------------------------ helpers
    def _check_finish(self, finish_reason: str) -> None:
        if finish_reason == "error":
            raise ProviderError(gettext("The provider failed."), kind=ErrorKind.UNAVAILABLE, provider=self.alias)

    def _chunks(self, request: ChatRequest) -> Iterator:
        """Yield the SDK's stream chunks, closing the response even when the reader stops early."""
        with self._errors():
            stream = self.client.chat.stream(**_chat_params(request))
            with stream:
                for event in stream:
                    yield event.data

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(
            self, catch=(errors.MistralError, errors.NoResponseError, httpx2.HTTPError), normalise=normalise_error
        )


def normalise_error(error: Exception, *, provider: str) -> ProviderError:
    """Map a Mistral SDK (or HTTP stack) exception to a ``ProviderError`` of the right kind."""
    if isinstance(error, httpx2.TimeoutException):
        return ProviderError(
            gettext("The provider did not answer in time."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, httpx2.HTTPError | errors.NoResponseError):
        return ProviderError(
            gettext("The provider could not be reached."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, errors.MistralError):
        return _status_error(error, provider)
    return ProviderError(str(error), kind=ErrorKind.INVALID, provider=provider)


def _status_error(error: errors.MistralError, provider: str) -> ProviderError:
    status, body = error.status_code, _body(error)
    if status == 429:
        message = _detail(gettext("The provider is rate limiting requests."), body)
        return ProviderError(
            message, kind=ErrorKind.RATE_LIMITED, provider=provider, retry_after=retry_after_seconds(error.headers)
        )
    if body.get("type") in REFUSAL_TYPES:
        message = _detail(gettext("The provider refused this request under its content policy."), body)
        return ProviderError(message, kind=ErrorKind.REFUSED, provider=provider)
    if status in (401, 403):
        return ProviderError(
            _detail(gettext("The API key was refused."), body), kind=ErrorKind.AUTHENTICATION, provider=provider
        )
    if status >= 500 or status == 408:
        message = _detail(gettext("The provider is unavailable."), body)
        return ProviderError(
            message, kind=ErrorKind.UNAVAILABLE, provider=provider, retry_after=retry_after_seconds(error.headers)
        )
    return ProviderError(
        _detail(gettext("The provider rejected the request."), body), kind=ErrorKind.INVALID, provider=provider
    )


def _body(error: errors.MistralError) -> dict:
    """Decode the error body: Mistral's flat ``{"message", "type"}``, or OpenAI's nested ``{"error": {...}}``."""
    try:
        body = json.loads(error.body or "")
    except (TypeError, ValueError):
        return {}
    if not isinstance(body, dict):
        return {}
    return body["error"] if isinstance(body.get("error"), dict) else body


def _detail(summary: str, body: dict) -> str:
    detail = body.get("message") or body.get("detail") or ""
    return f"{summary} ({detail})" if isinstance(detail, str) and detail else summary


def _text(content) -> str:
    """Return the text of a message's content: a string, or a list of chunks of which only text counts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(getattr(chunk, "text", "") or "" for chunk in content)
    return ""


def _chat_params(request: ChatRequest) -> dict:
    params = {
        "model": request.model,
        "messages": [{"role": message.role, "content": message.content} for message in request.messages],
        "max_tokens": request.max_tokens,
    }
    if request.temperature is not None:
        params["temperature"] = request.temperature
    return params


def _usage(usage) -> Usage:
    if usage is None:
        return Usage()
    return Usage(input_tokens=usage.prompt_tokens or 0, output_tokens=usage.completion_tokens or 0)
