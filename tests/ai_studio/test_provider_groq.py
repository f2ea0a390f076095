"""The Groq adapter's wire format (official SDK, local emulator).

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


def test_content_filter_is_refused(provider, emulator):
    """``finish_reason: content_filter``, streamed or not, is REFUSED and not retried."""
    emulator.refuse()

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert (error.kind, error.retryable) == (ErrorKind.REFUSED, False)
