"""Chat with Anthropic's Claude through its official SDK (``anthropic`` 2.x).

System messages go to the ``system`` parameter, the rest to ``messages``. Streaming
reads the Messages API events: ``message_start`` carries the input tokens,
``content_block_delta``/``text_delta`` the text, ``message_delta`` the output tokens
and the stop reason. SDK 2.x has no ``temperature`` parameter, so it is not sent.
The SDK's own retries are off: the Celery task retries. SDK objects never leave this module.
"""

from collections.abc import Iterator
from functools import cached_property

import anthropic
from django.utils.translation import gettext

from .base import ChatDelta, ChatRequest, ChatResult, ErrorKind, ProviderError, Usage
from .sdk import KeyedAdapter, provider_errors

FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
}
SERVER_ERROR_TYPES = frozenset({"overloaded_error", "api_error"})  # also sent as an ``error`` event mid-stream


def retry_after_seconds(headers) -> float | None:
    """Read ``retry-after-ms`` or ``retry-after`` (seconds) from response headers, if any."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return max(float(headers[name]) / scale, 0.0)
        except (KeyError, TypeError, ValueError):
            continue
    return None


class AnthropicProvider(KeyedAdapter):
    """Claude chat, streaming included."""

    default_label = "Anthropic (Claude)"

    @cached_property
    def client(self) -> anthropic.Anthropic:
        return anthropic.Anthropic(
            api_key=self.api_key, base_url=self.base_url or None, timeout=self.timeout, max_retries=0
        )

    def chat(self, request: ChatRequest) -> ChatResult:
        """Answer in one piece."""
        with self._errors():
            message = self.client.messages.create(**self._params(request))
        self._check_refusal(message.stop_reason, message.stop_details)
        text = "".join(block.text for block in message.content if block.type == "text")
        usage = Usage(input_tokens=message.usage.input_tokens, output_tokens=message.usage.output_tokens)
        return ChatResult(text=text, usage=usage, finish_reason=_finish_reason(message.stop_reason))

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]:
        """Yield the answer's text pieces, then one delta with the usage and the finish reason."""
        input_tokens = output_tokens = 0
        stop_reason = stop_details = None
        for event in self._events(request):
            if event.type == "message_start":
                input_tokens = event.message.usage.input_tokens
            elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                yield ChatDelta(text=event.delta.text)
            elif event.type == "message_delta":
                output_tokens = event.usage.output_tokens
                input_tokens = event.usage.input_tokens or input_tokens
                stop_reason, stop_details = event.delta.stop_reason, event.delta.stop_details
        self._check_refusal(stop_reason, stop_details)
        usage = Usage(input_tokens=input_tokens, output_tokens=output_tokens)
        yield ChatDelta(usage=usage, finish_reason=_finish_reason(stop_reason))

    # ------------------------------------------------------------------ helpers
    def _params(self, request: ChatRequest) -> dict:
        system = "\n\n".join(message.content for message in request.messages if message.role == "system")
        params = {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "messages": [
                {"role": message.role, "content": message.content}
                for message in request.messages
                if message.role != "system"
            ],
        }
        if system:
            params["system"] = system
        return params

    def _events(self, request: ChatRequest) -> Iterator:
        """Yield the SDK's stream events, closing the response even when the reader stops early."""
        with self._errors():
            stream = self.client.messages.create(**self._params(request), stream=True)
            with stream:
                yield from stream

    def _check_refusal(self, stop_reason: str | None, stop_details) -> None:
        if stop_reason != "refusal":
            return
        message = gettext("The provider refused this request under its content policy.")
        explanation = getattr(stop_details, "explanation", None) or ""
        raise ProviderError(f"{message} {explanation}".strip(), kind=ErrorKind.REFUSED, provider=self.alias)

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=anthropic.AnthropicError, normalise=normalise_error)


def normalise_error(error: anthropic.AnthropicError, *, provider: str) -> ProviderError:
    """Map an Anthropic SDK exception to a ``ProviderError`` of the right kind."""
    if isinstance(error, anthropic.APITimeoutError):
        return ProviderError(
            gettext("The provider did not answer in time."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, anthropic.APIConnectionError):
        return ProviderError(
            gettext("The provider could not be reached."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, anthropic.APIStatusError):
        return _status_error(error, provider)
    return ProviderError(str(error), kind=ErrorKind.INVALID, provider=provider)


def _status_error(error: anthropic.APIStatusError, provider: str) -> ProviderError:
    status = error.status_code
    retry_after = retry_after_seconds(error.response.headers)
    if status == 429 or error.type == "rate_limit_error":
        message = _detail(gettext("The provider is rate limiting requests."), error)
        return ProviderError(message, kind=ErrorKind.RATE_LIMITED, provider=provider, retry_after=retry_after)
    if status in (401, 403):
        message = _detail(gettext("The API key was refused."), error)
        return ProviderError(message, kind=ErrorKind.AUTHENTICATION, provider=provider)
    if status >= 500 or status == 408 or error.type in SERVER_ERROR_TYPES:
        message = _detail(gettext("The provider is unavailable."), error)
        return ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider, retry_after=retry_after)
    message = _detail(gettext("The provider rejected the request."), error)
    return ProviderError(message, kind=ErrorKind.INVALID, provider=provider)


def _detail(summary: str, error: anthropic.APIStatusError) -> str:
    """Add the provider's own explanation, when it gave one, to a short summary."""
    return f"{summary} ({error.api_message})" if error.api_message else summary


def _finish_reason(stop_reason: str | None) -> str:
    return FINISH_REASONS.get(stop_reason or "end_turn", stop_reason or "stop")
