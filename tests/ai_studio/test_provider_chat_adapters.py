"""What every hosted chat adapter (Groq, Mistral, Gemini) does the same way, each with its official SDK
against its own local emulator: answers with usage, streams, and normalises every kind of failure.

The wire details of each provider (paths, headers, request fields) are tested in its own module.
"""

from dataclasses import dataclass
from typing import Any

import pytest

from ai_studio.providers.base import ChatDelta, ChatProvider, ErrorKind, ProviderError, Usage
from ai_studio.providers.gemini import GeminiProvider
from ai_studio.providers.groq import GroqProvider
from ai_studio.providers.mistral import MistralProvider
from tests.ai_studio.fakes import CHAT_REQUEST, CHAT_WORDS
from tests.fakes import gemini_emulator, groq_emulator, mistral_emulator


@dataclass(frozen=True)
class Adapter:
    alias: str
    label: str
    provider_class: type
    emulator_module: Any
    emulator_class: str
    rate_limit: dict  # how the emulator expresses "retry in 7 s"
    wrong_key: str
    wrong_key_reason: str


ADAPTERS = [
    Adapter("gemini", "Gemini", GeminiProvider, gemini_emulator, "GeminiEmulator", {"retry_delay": "7s"},
            "AIza-wrong", "API key not valid"),
    Adapter("groq", "Groq", GroqProvider, groq_emulator, "GroqEmulator", {"retry_after": "7"},
            "gsk-wrong", "Incorrect API key provided."),
    Adapter("mistral", "Mistral", MistralProvider, mistral_emulator, "MistralEmulator", {"retry_after": "7"},
            "mistral-wrong", "Incorrect API key provided."),
]  # fmt: skip


@pytest.fixture(scope="module", params=ADAPTERS, ids=lambda adapter: adapter.alias)
def adapter_server(request):
    adapter = request.param
    server = getattr(adapter.emulator_module, adapter.emulator_class)().start()
    yield adapter, server
    server.stop()


@pytest.fixture
def adapter(adapter_server):
    return adapter_server[0]


@pytest.fixture
def emulator(adapter_server):
    server = adapter_server[1]
    server.reset()
    return server


def make(adapter: Adapter, emulator, *, api_key: str | None = None, timeout: float = 2):
    key = adapter.emulator_module.API_KEY if api_key is None else api_key
    return adapter.provider_class(alias=adapter.alias, api_key=key, base_url=emulator.url, timeout=timeout)


@pytest.fixture
def provider(adapter, emulator):
    return make(adapter, emulator)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_the_adapter_offers_chat_and_is_not_a_demo(adapter, provider):
    assert isinstance(provider, ChatProvider)
    assert (provider.is_demo, provider.label) == (False, adapter.label)


def test_chat_returns_the_answer_and_the_tokens_the_provider_counted(provider, emulator):
    result = provider.chat(CHAT_REQUEST)

    assert result.text == "Emulated answer to: Describe a linen shirt"
    assert (result.usage, result.finish_reason) == (Usage(input_tokens=8, output_tokens=7), "stop")
    assert len(emulator.requests) == 1


def test_chat_stream_yields_pieces_then_the_usage(provider):
    """Streamed text arrives piece by piece; only the last delta carries the usage and the finish reason."""
    deltas = list(provider.chat_stream(CHAT_REQUEST))

    assert [delta.text for delta in deltas[:-1]] == CHAT_WORDS
    assert all(delta.usage is None for delta in deltas[:-1])
    assert deltas[-1] == ChatDelta(text="", usage=Usage(input_tokens=8, output_tokens=7), finish_reason="stop")


def test_a_rate_limit_is_retryable_after_the_delay_asked_then_the_next_call_succeeds(adapter, provider, emulator):
    """The SDK does not retry by itself: the task does, after the provider's delay."""
    emulator.fail(429, **adapter.rate_limit)

    error = raised(lambda: provider.chat(CHAT_REQUEST))

    assert (error.kind, error.retryable, error.retry_after, error.provider) == (
        ErrorKind.RATE_LIMITED,
        True,
        7.0,
        adapter.alias,
    )
    assert "Emulated error 429." in error.message
    assert provider.chat(CHAT_REQUEST).text.startswith("Emulated answer")
    assert len(emulator.requests) == 2


def test_server_errors_are_retryable_streamed_or_not(provider, emulator):
    emulator.fail(500, always=True)

    for call in (lambda: provider.chat(CHAT_REQUEST), lambda: list(provider.chat_stream(CHAT_REQUEST))):
        error = raised(call)
        assert (error.kind, error.retryable) == (ErrorKind.UNAVAILABLE, True)
    assert len(emulator.requests) == 2


def test_a_slow_answer_times_out_as_unavailable(adapter, emulator):
    emulator.delay(1.0)
    impatient = make(adapter, emulator, timeout=0.2)

    error = raised(lambda: impatient.chat(CHAT_REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.UNAVAILABLE, True)


def test_a_refused_key_makes_the_provider_unavailable_with_the_reason(adapter, emulator):
    wrong = make(adapter, emulator, api_key=adapter.wrong_key)

    error = raised(lambda: wrong.chat(CHAT_REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.AUTHENTICATION, False)
    assert wrong.status().available is False
    assert adapter.wrong_key_reason in wrong.status().reason


def test_without_a_key_the_provider_is_unavailable_and_never_called(adapter, emulator):
    keyless = make(adapter, emulator, api_key="")

    assert keyless.status().available is False
    assert raised(lambda: keyless.chat(CHAT_REQUEST)).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []


def test_a_content_refusal_is_refused_and_not_retried_streamed_or_not(provider, emulator):
    emulator.refuse()

    for call in (lambda: provider.chat(CHAT_REQUEST), lambda: list(provider.chat_stream(CHAT_REQUEST))):
        error = raised(call)
        assert (error.kind, error.retryable) == (ErrorKind.REFUSED, False)


def test_other_bad_requests_are_invalid_and_not_retried(provider, emulator):
    emulator.fail(404)

    error = raised(lambda: provider.chat(CHAT_REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.INVALID, False)
