"""The Gemini adapter's wire format (google-genai SDK, local emulator).

Shared behaviour (errors, streaming, keys): test_provider_chat_adapters.py.
"""

import pytest

from ai_studio.providers.base import (
    ChatDelta,
    ChatRequest,
    ErrorKind,
    ProviderError,
    Usage,
    messages_tuple,
)
from ai_studio.providers.gemini import GeminiProvider
from tests.fakes.gemini_emulator import API_KEY, GeminiEmulator

REQUEST = ChatRequest(
    model="gemini-3.8-flash",
    messages=messages_tuple([("system", "You write product copy."), ("user", "Describe a linen shirt")]),
    max_tokens=300,
    temperature=0.2,
)
WORDS = ["Emulated", " answer", " to:", " Describe", " a", " linen", " shirt"]


@pytest.fixture(scope="module")
def gemini_server():
    server = GeminiEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def emulator(gemini_server):
    gemini_server.reset()
    return gemini_server


@pytest.fixture
def provider(emulator):
    return GeminiProvider(alias="gemini", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_chat_returns_the_answer_and_its_usage(provider, emulator):
    """A plain answer comes back with Gemini's token counts; the system message is a system instruction."""
    result = provider.chat(REQUEST)

    assert result.text == "Emulated answer to: Describe a linen shirt"
    assert result.usage == Usage(input_tokens=8, output_tokens=7)
    assert result.finish_reason == "stop"
    (sent,) = emulator.requests
    assert sent["path"] == "/v1/models/gemini-3.8-flash:generateContent"
    assert sent["headers"]["x-goog-api-key"] == API_KEY
    assert sent["json"]["contents"] == [{"role": "user", "parts": [{"text": "Describe a linen shirt"}]}]
    assert sent["json"]["systemInstruction"]["parts"] == [{"text": "You write product copy."}]
    assert sent["json"]["generationConfig"] == {"maxOutputTokens": 300, "temperature": 0.2}


def test_chat_stream_yields_pieces_then_usage(provider, emulator):
    """Streamed text arrives piece by piece over SSE; the last delta carries the final usage."""
    deltas = list(provider.chat_stream(REQUEST))

    assert [delta.text for delta in deltas[:-1]] == WORDS
    assert all(delta.usage is None for delta in deltas[:-1])
    assert deltas[-1] == ChatDelta(text="", usage=Usage(input_tokens=8, output_tokens=7), finish_reason="stop")
    assert emulator.requests[0]["path"] == "/v1/models/gemini-3.8-flash:streamGenerateContent?alt=sse"


def test_rate_limit_is_retryable_after_the_retry_info_delay(provider, emulator):
    """A 429 is RATE_LIMITED with RetryInfo's delay; the SDK does not retry by itself; the next call succeeds."""
    emulator.fail(429, retry_delay="12s")

    error = raised(lambda: provider.chat(REQUEST))

    assert (error.kind, error.retryable, error.retry_after, error.provider) == (
        ErrorKind.RATE_LIMITED,
        True,
        12.0,
        "gemini",
    )
    assert "Emulated error 429." in error.message
    assert provider.chat(REQUEST).text.startswith("Emulated answer")
    assert len(emulator.requests) == 2


def test_unauthenticated_and_permission_denied_are_authentication_errors(provider, emulator):
    """A 401 or a 403 is AUTHENTICATION and not retried."""
    for status in (401, 403):
        emulator.fail(status)
        assert raised(lambda: provider.chat(REQUEST)).kind == ErrorKind.AUTHENTICATION
