"""The Mistral adapter's wire format (official SDK, local emulator).

Shared behaviour (errors, streaming, keys): test_provider_chat_adapters.py.
"""

import pytest

from ai_studio.providers.base import (
    ChatRequest,
    ErrorKind,
    ProviderError,
    Usage,
    messages_tuple,
)
from ai_studio.providers.mistral import MistralProvider
from tests.fakes.mistral_emulator import API_KEY, MistralEmulator

REQUEST = ChatRequest(
    model="mistral-small-latest",
    messages=messages_tuple([("system", "You write product copy."), ("user", "Describe a linen shirt")]),
    max_tokens=300,
    temperature=0.2,
)


@pytest.fixture(scope="module")
def mistral_server():
    server = MistralEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def emulator(mistral_server):
    mistral_server.reset()
    return mistral_server


@pytest.fixture
def provider(emulator):
    return MistralProvider(alias="mistral", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_chat_returns_the_answer_and_its_usage(provider, emulator):
    """A plain answer comes back with the tokens Mistral counted; the request carries the limits."""
    result = provider.chat(REQUEST)

    assert result.text == "Emulated answer to: Describe a linen shirt"
    assert result.usage == Usage(input_tokens=8, output_tokens=7)
    assert result.finish_reason == "stop"
    (sent,) = emulator.requests
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert sent["json"]["model"] == "mistral-small-latest"
    assert sent["json"]["messages"][0] == {"role": "system", "content": "You write product copy."}
    assert (sent["json"]["max_tokens"], sent["json"]["temperature"]) == (300, 0.2)


def test_guardrail_block_is_refused_not_an_authentication_failure(provider, emulator):
    """A 403 from the moderation guardrails, streamed or not, is REFUSED; the key stays usable."""
    emulator.refuse()

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert (error.kind, error.retryable) == (ErrorKind.REFUSED, False)
        assert "moderation guardrails" in error.message
    assert provider.status().available is True
