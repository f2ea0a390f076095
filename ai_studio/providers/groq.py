"""Chat with Groq through its official SDK (``groq`` 1.x), an OpenAI-compatible API under ``/openai/v1``.

A streamed answer reports its tokens in ``x_groq.usage`` on the chunk that finishes it; a
moderated answer ends with ``finish_reason: "content_filter"``. The SDK's own retries are off:
the Celery task retries, guided by ``ProviderError.retryable`` and ``retry_after``.
SDK objects never leave this module.
"""

from collections.abc import Iterator
from functools import cached_property

import groq
from django.utils.translation import gettext

from .base import ChatDelta, ChatRequest, ChatResult, ErrorKind, ProviderError, Usage
from .sdk import KeyedAdapter, provider_errors, status_error, transport_error


class GroqProvider(KeyedAdapter):
    """Groq chat, streaming included."""

    default_label = "Groq"

    @cached_property
    def client(self) -> groq.Groq:
        return groq.Groq(api_key=self.api_key, base_url=self.base_url or None, timeout=self.timeout, max_retries=0)

    def chat(self, request: ChatRequest) -> ChatResult:
        """Answer in one piece."""
        with self._errors():
            completion = self.client.chat.completions.create(**_chat_params(request))
        if not completion.choices:
            raise ProviderError(
                gettext("The provider returned no answer."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        choice = completion.choices[0]
        self._check_refusal(choice.finish_reason)
        return ChatResult(
            text=choice.message.content or "", usage=_usage(completion.usage), finish_reason=choice.finish_reason
        )

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]:
        """Yield the answer's text pieces, then one delta with the usage and the finish reason."""
        usage, finish_reason = Usage(), None
        for chunk in self._chunks(request):
            reported = chunk.usage or (chunk.x_groq.usage if chunk.x_groq else None)
            usage = _usage(reported) if reported is not None else usage
            for choice in chunk.choices[:1]:
                finish_reason = choice.finish_reason or finish_reason
                if choice.delta.content:
                    yield ChatDelta(text=choice.delta.content)
        self._check_refusal(finish_reason)
        yield ChatDelta(usage=usage, finish_reason=finish_reason or "stop")

    # ------------------------------------------------------------------ helpers
    def _check_refusal(self, finish_reason: str | None) -> None:
        if finish_reason == "content_filter":
            message = gettext("The provider refused this request under its content policy.")
            raise ProviderError(message, kind=ErrorKind.REFUSED, provider=self.alias)

    def _chunks(self, request: ChatRequest) -> Iterator:
        """Yield the SDK's stream chunks, closing the response even when the reader stops early."""
        with self._errors():
            stream = self.client.chat.completions.create(**_chat_params(request), stream=True)
            with stream:
                yield from stream

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=groq.GroqError, normalise=normalise_error)


def normalise_error(error: groq.GroqError, *, provider: str) -> ProviderError:
    """Map a Groq SDK exception to a ``ProviderError`` of the right kind."""
    found = transport_error(error, provider=provider, timeout=groq.APITimeoutError, connection=groq.APIConnectionError)
    if found is not None:
        return found
    if isinstance(error, groq.APIStatusError):
        return status_error(
            status=error.status_code, detail=_detail(error), headers=error.response.headers, provider=provider
        )
    if isinstance(error, groq.APIError):  # an error event in the middle of a stream
        message = gettext("The provider failed.")
        detail = _detail(error)
        return ProviderError(
            f"{message} ({detail})" if detail else message, kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    return ProviderError(str(error), kind=ErrorKind.INVALID, provider=provider)


def _detail(error: groq.APIError) -> str:
    """Return the provider's own explanation (``{"error": {"message"}}``), or ""."""
    body = error.body if isinstance(error.body, dict) else {}
    inner = body.get("error") if isinstance(body.get("error"), dict) else body
    return inner.get("message") or ""


def _chat_params(request: ChatRequest) -> dict:
    params = {
        "model": request.model,
        "messages": [{"role": message.role, "content": message.content} for message in request.messages],
        "max_completion_tokens": request.max_tokens,
    }
    if request.temperature is not None:
        params["temperature"] = request.temperature
    return params


def _usage(usage) -> Usage:
    if usage is None:
        return Usage()
    return Usage(input_tokens=usage.prompt_tokens or 0, output_tokens=usage.completion_tokens or 0)
