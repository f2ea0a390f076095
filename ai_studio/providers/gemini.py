"""Chat with Google's Gemini through its official SDK (``google-genai`` 3.x, API version ``v1``).

System messages travel as ``system_instruction`` and the assistant's role is ``model``. A blocked
prompt comes back as ``prompt_feedback.block_reason`` with no candidate, a blocked answer with a
safety ``finish_reason``: both are REFUSED. A 429 names its delay in a ``RetryInfo`` detail.
The SDK's retries are off (``HttpRetryOptions(attempts=1)``): the Celery task retries. The client
is kept on the instance (the SDK closes its HTTP client when the ``Client`` is collected).
SDK objects never leave this module.
"""

import re
from collections.abc import Iterator
from functools import cached_property

import httpx
import httpx2
from django.utils.translation import gettext
from google import genai
from google.genai import errors, types

from .base import ChatDelta, ChatRequest, ChatResult, ErrorKind, ProviderError, Usage
from .sdk import KeyedAdapter, provider_errors, retry_after_seconds

REFUSAL_REASONS = frozenset({
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "MODEL_ARMOR", "JAILBREAK",
})  # fmt: skip
FINISH_REASONS = {"STOP": "stop", "MAX_TOKENS": "length"}
TRANSPORT_ERRORS = (httpx.HTTPError, httpx2.HTTPError)
TIMEOUT_ERRORS = (httpx.TimeoutException, httpx2.TimeoutException)


class GeminiProvider(KeyedAdapter):
    """Gemini chat, streaming included."""

    default_label = "Gemini"

    @cached_property
    def client(self) -> genai.Client:
        options = types.HttpOptions(
            base_url=self.base_url or None,
            timeout=int(self.timeout * 1000),
            retry_options=types.HttpRetryOptions(attempts=1),
        )
        return genai.Client(api_key=self.api_key, http_options=options)

    def chat(self, request: ChatRequest) -> ChatResult:
        """Answer in one piece."""
        with self._errors():
            response = self.client.models.generate_content(**_chat_params(request))
        text, finish_reason = self._read(response)
        if finish_reason is None:
            raise ProviderError(
                gettext("The provider returned no answer."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        return ChatResult(text=text, usage=_usage(response.usage_metadata), finish_reason=finish_reason)

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]:
        """Yield the answer's text pieces, then one delta with the usage and the finish reason."""
        usage, finish_reason = Usage(), None
        for response in self._chunks(request):
            usage = _usage(response.usage_metadata) if response.usage_metadata else usage
            text, reason = self._read(response)
            finish_reason = reason or finish_reason
            if text:
                yield ChatDelta(text=text)
        yield ChatDelta(usage=usage, finish_reason=finish_reason or "stop")

    # ------------------------------------------------------------------ helpers
    def _read(self, response) -> tuple[str, str | None]:
        """Return a response's text and normalised finish reason; raise REFUSED when it was blocked."""
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason:
            self._refuse(str(feedback.block_reason_message or ""))
        candidate = response.candidates[0] if response.candidates else None
        if candidate is None:
            return "", None
        reason = _reason(candidate.finish_reason)
        if reason in REFUSAL_REASONS:
            self._refuse(str(candidate.finish_message or ""))
        parts = candidate.content.parts if candidate.content and candidate.content.parts else []
        text = "".join(part.text or "" for part in parts if not part.thought)
        return text, FINISH_REASONS.get(reason, reason.lower()) if reason else None

    def _refuse(self, detail: str) -> None:
        message = gettext("The provider refused this request under its content policy.")
        raise ProviderError(f"{message} {detail}".strip(), kind=ErrorKind.REFUSED, provider=self.alias)

    def _chunks(self, request: ChatRequest) -> Iterator:
        with self._errors():
            yield from self.client.models.generate_content_stream(**_chat_params(request))

    def _errors(self):
        """Turn the SDK's exceptions into ``ProviderError``; remember a refused key for ``status()``."""
        return provider_errors(self, catch=(errors.APIError, *TRANSPORT_ERRORS), normalise=normalise_error)


def normalise_error(error: Exception, *, provider: str) -> ProviderError:
    """Map a google-genai (or HTTP stack) exception to a ``ProviderError`` of the right kind."""
    if isinstance(error, TIMEOUT_ERRORS):
        return ProviderError(
            gettext("The provider did not answer in time."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, TRANSPORT_ERRORS):
        return ProviderError(
            gettext("The provider could not be reached."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, errors.APIError):
        return _status_error(error, provider)
    return ProviderError(str(error), kind=ErrorKind.INVALID, provider=provider)


def _status_error(error: errors.APIError, provider: str) -> ProviderError:
    code, reasons = error.code or 0, _detail_reasons(error)
    if code == 429:
        message = _detail(gettext("The provider is rate limiting requests."), error)
        retry_after = _retry_delay(error)
        return ProviderError(message, kind=ErrorKind.RATE_LIMITED, provider=provider, retry_after=retry_after)
    if code in (401, 403) or "API_KEY_INVALID" in reasons:
        return ProviderError(
            _detail(gettext("The API key was refused."), error), kind=ErrorKind.AUTHENTICATION, provider=provider
        )
    if code >= 500 or code == 408:
        message = _detail(gettext("The provider is unavailable."), error)
        return ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider, retry_after=_retry_delay(error))
    return ProviderError(
        _detail(gettext("The provider rejected the request."), error), kind=ErrorKind.INVALID, provider=provider
    )


def _details(error: errors.APIError) -> list:
    body = error.details if isinstance(error.details, dict) else {}
    inner = body.get("error") if isinstance(body.get("error"), dict) else body
    details = inner.get("details")
    return [item for item in details if isinstance(item, dict)] if isinstance(details, list) else []


def _detail_reasons(error: errors.APIError) -> set[str]:
    return {str(item.get("reason")) for item in _details(error) if item.get("reason")}


def _retry_delay(error: errors.APIError) -> float | None:
    """Read ``RetryInfo.retryDelay`` (``"12s"``, ``"1.5s"``), else a ``Retry-After`` header."""
    for item in _details(error):
        match = re.fullmatch(r"(\d+(?:\.\d+)?)s", str(item.get("retryDelay", "")))
        if match:
            return float(match.group(1))
    headers = getattr(error.response, "headers", None)
    return retry_after_seconds(headers) if headers is not None else None


def _detail(summary: str, error: errors.APIError) -> str:
    detail = error.message if isinstance(error.message, str) else ""
    return f"{summary} ({detail})" if detail else summary


def _reason(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _chat_params(request: ChatRequest) -> dict:
    system = "\n\n".join(message.content for message in request.messages if message.role == "system")
    contents = [
        types.Content(role="model" if message.role == "assistant" else "user", parts=[types.Part(text=message.content)])
        for message in request.messages
        if message.role != "system"
    ]
    config = types.GenerateContentConfig(
        max_output_tokens=request.max_tokens, temperature=request.temperature, system_instruction=system or None
    )
    return {"model": request.model, "contents": contents, "config": config}


def _usage(metadata) -> Usage:
    if metadata is None:
        return Usage()
    return Usage(input_tokens=metadata.prompt_token_count or 0, output_tokens=metadata.candidates_token_count or 0)
