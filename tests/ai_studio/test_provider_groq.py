"""The Groq adapter, with the official SDK, against the local Groq emulator."""

import pytest

from ai_studio.providers.base import (
    ChatDelta,
    ChatProvider,
    ChatRequest,
    ErrorKind,
    ProviderError,
    Usage,
    messages_tuple,
)
from ai_studio.providers.groq import GroqProvider
from tests.fakes.groq_emulator import API_KEY, GroqEmulator

REQUEST = ChatRequest(
    model="llama-3.3-70b-versatile",
    messages=messages_tuple([("system", "You write product copy."), ("user", "Describe a linen shirt")]),
    max_tokens=300,
    temperature=0.2,
)
WORDS = ["Emulated", " answer", " to:", " Describe", " a", " linen", " shirt"]


@pytest.fixture(scope="module")
def groq_server():
    server = GroqEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def emulator(groq_server):
    groq_server.reset()
    return groq_server


@pytest.fixture
def provider(emulator):
    return GroqProvider(alias="groq", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_groq_provider_offers_chat(provider):
    """The adapter satisfies the chat protocol and is not a demo."""
    assert isinstance(provider, ChatProvider)
    assert provider.is_demo is False
    assert provider.label == "Groq"


def test_chat_returns_the_answer_and_its_usage(provider, emulator):
    """A plain answer comes back with the tokens Groq counted, from ``/openai/v1``."""
    result = provider.chat(REQUEST)

    assert result.text == "Emulated answer to: Describe a linen shirt"
    assert result.usage == Usage(input_tokens=8, output_tokens=7)
    assert result.finish_reason == "stop"
    (sent,) = emulator.requests
    assert sent["path"] == "/openai/v1/chat/completions"
    assert sent["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert sent["headers"]["x-stainless-retry-count"] == "0"
    assert sent["json"]["model"] == "llama-3.3-70b-versatile"
    assert sent["json"]["messages"][0] == {"role": "system", "content": "You write product copy."}
    assert (sent["json"]["max_completion_tokens"], sent["json"]["temperature"]) == (300, 0.2)


def test_chat_stream_yields_pieces_then_usage_from_x_groq(provider, emulator):
    """Streamed text arrives piece by piece; the last delta carries the usage Groq put in ``x_groq``."""
    deltas = list(provider.chat_stream(REQUEST))

    assert [delta.text for delta in deltas[:-1]] == WORDS
    assert all(delta.usage is None for delta in deltas[:-1])
    assert deltas[-1] == ChatDelta(text="", usage=Usage(input_tokens=8, output_tokens=7), finish_reason="stop")
    assert emulator.requests[0]["json"]["stream"] is True


def test_rate_limit_is_retryable_then_the_next_call_succeeds(provider, emulator):
    """A 429 is RATE_LIMITED with Retry-After; the SDK does not retry by itself; the next call succeeds."""
    emulator.fail(429, retry_after="7")

    error = raised(lambda: provider.chat(REQUEST))

    assert (error.kind, error.retryable, error.retry_after, error.provider) == (
        ErrorKind.RATE_LIMITED,
        True,
        7.0,
        "groq",
    )
    assert "Emulated error 429." in error.message
    assert provider.chat(REQUEST).text.startswith("Emulated answer")
    assert len(emulator.requests) == 2


def test_server_errors_are_retryable_streamed_or_not(provider, emulator):
    """A 500 gives a retryable UNAVAILABLE error, streamed or not."""
    emulator.fail(500, always=True)

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert (error.kind, error.retryable) == (ErrorKind.UNAVAILABLE, True)


def test_slow_answer_times_out_as_unavailable(emulator):
    """An answer slower than the client timeout is a retryable UNAVAILABLE error."""
    emulator.delay(1.0)
    impatient = GroqProvider(alias="groq", api_key=API_KEY, base_url=emulator.url, timeout=0.2)

    error = raised(lambda: impatient.chat(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.UNAVAILABLE, True)


def test_refused_key_makes_the_provider_unavailable(emulator):
    """A 401 is AUTHENTICATION, not retried, and ``status()`` then reports the reason."""
    wrong = GroqProvider(alias="groq", api_key="gsk-wrong", base_url=emulator.url)

    error = raised(lambda: wrong.chat(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.AUTHENTICATION, False)
    assert wrong.status().available is False
    assert "Incorrect API key provided." in wrong.status().reason


def test_missing_key_is_unavailable_without_calling_groq(emulator):
    """Without a key the provider says so and never reaches the network."""
    keyless = GroqProvider(alias="groq", api_key="", base_url=emulator.url)

    assert keyless.status().available is False
    assert raised(lambda: keyless.chat(REQUEST)).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []


def test_content_filter_is_refused(provider, emulator):
    """``finish_reason: content_filter``, streamed or not, is REFUSED and not retried."""
    emulator.refuse()

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert (error.kind, error.retryable) == (ErrorKind.REFUSED, False)


def test_other_bad_requests_are_invalid(provider, emulator):
    """Any other 4xx (an unknown model) is INVALID and not retried."""
    emulator.fail(404, code="model_not_found")

    error = raised(lambda: provider.chat(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.INVALID, False)
