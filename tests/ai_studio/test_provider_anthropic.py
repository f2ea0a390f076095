"""The Anthropic (Claude) adapter, with the official SDK, against the local Anthropic emulator."""

import json
import time
import urllib.request

import pytest

from ai_studio.providers.anthropic import AnthropicProvider
from ai_studio.providers.base import (
    ChatDelta,
    ChatProvider,
    ChatRequest,
    ErrorKind,
    ProviderError,
    Usage,
    messages_tuple,
)
from tests.fakes.anthropic_emulator import API_KEY, AnthropicEmulator

REQUEST = ChatRequest(
    model="claude-sonnet-5",
    messages=messages_tuple(
        [
            ("system", "You write product copy."),
            ("system", "Answer in French."),
            ("user", "Describe a linen shirt"),
            ("assistant", "Une chemise en lin."),
            ("user", "Make it longer"),
        ]
    ),
    max_tokens=300,
)


@pytest.fixture(scope="module")
def anthropic_server():
    server = AnthropicEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def emulator(anthropic_server):
    anthropic_server.reset()
    return anthropic_server


@pytest.fixture
def provider(emulator):
    return AnthropicProvider(alias="claude", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_anthropic_provider_offers_chat(provider):
    """The adapter satisfies the chat protocol and is not a demo."""
    assert isinstance(provider, ChatProvider)
    assert provider.is_demo is False
    assert provider.label == "Anthropic (Claude)"


def test_chat_returns_the_answer_and_its_usage(provider):
    """A non-streamed answer comes back as plain text with the tokens Claude counted."""
    result = provider.chat(REQUEST)

    assert result.text == "Emulated Claude answer to: Make it longer"
    assert result.usage == Usage(input_tokens=18, output_tokens=7)
    assert result.finish_reason == "stop"


def test_system_messages_go_to_the_system_parameter(provider, emulator):
    """System prompts are joined into ``system``; the conversation keeps only user and assistant turns."""
    provider.chat(REQUEST)

    (sent,) = emulator.requests
    assert sent["path"] == "/v1/messages"
    assert sent["json"]["model"] == "claude-sonnet-5"
    assert sent["json"]["max_tokens"] == 300
    assert sent["json"]["system"] == "You write product copy.\n\nAnswer in French."
    assert sent["json"]["messages"] == [
        {"role": "user", "content": "Describe a linen shirt"},
        {"role": "assistant", "content": "Une chemise en lin."},
        {"role": "user", "content": "Make it longer"},
    ]


def test_without_system_messages_no_system_parameter_is_sent(provider, emulator):
    """A conversation with no system prompt sends no empty ``system``."""
    provider.chat(ChatRequest(model="claude-sonnet-5", messages=messages_tuple([("user", "Hello")])))

    assert "system" not in emulator.requests[0]["json"]


def test_requests_carry_bearer_auth_and_the_api_version(provider, emulator):
    """SDK 2.x sends the key as ``Authorization: Bearer`` with ``anthropic-version``, and no SDK retries."""
    provider.chat(REQUEST)

    headers = emulator.requests[0]["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["anthropic-version"] == "2026-10-21"
    assert headers["x-stainless-retry-count"] == "0"


def test_emulator_also_accepts_the_x_api_key_header(emulator):
    """Clients of the older convention (``x-api-key``) are answered too, as by the real API."""
    body = json.dumps({"model": "claude-sonnet-5", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]})
    request = urllib.request.Request(
        f"{emulator.url}/v1/messages",
        data=body.encode(),
        headers={"x-api-key": API_KEY, "anthropic-version": "2023-06-01", "content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=2) as response:
        answer = json.load(response)

    assert answer["content"] == [{"type": "text", "text": "Emulated Claude answer to: Hi"}]


def test_chat_stream_yields_pieces_then_usage(provider, emulator):
    """Text deltas arrive piece by piece; the last delta has input tokens from ``message_start``
    and output tokens from ``message_delta``."""
    deltas = list(provider.chat_stream(REQUEST))

    texts = [delta.text for delta in deltas[:-1]]
    assert texts == ["Emulated", " Claude", " answer", " to:", " Make", " it", " longer"]
    assert deltas[-1] == ChatDelta(text="", usage=Usage(input_tokens=18, output_tokens=7), finish_reason="stop")
    assert emulator.requests[0]["json"]["stream"] is True


def test_rate_limit_is_retryable_after_the_announced_delay(provider, emulator):
    """A 429 becomes a retryable RATE_LIMITED error with retry-after; the next call then succeeds."""
    emulator.fail(429, retry_after="30")

    error = raised(lambda: provider.chat(REQUEST))

    assert error.kind == ErrorKind.RATE_LIMITED
    assert error.retryable
    assert error.retry_after == 30.0
    assert error.provider == "claude"
    assert provider.chat(REQUEST).text.startswith("Emulated Claude answer")
    assert len(emulator.requests) == 2  # the SDK itself did not retry


@pytest.mark.parametrize("status", [500, 529])
def test_server_errors_and_overload_are_retryable_every_time(provider, emulator, status):
    """A 500 (or a 529 overload) on every call is a retryable UNAVAILABLE error, streamed or not."""
    emulator.fail(status, always=True)

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert error.kind == ErrorKind.UNAVAILABLE
        assert error.retryable


def test_overload_in_the_middle_of_a_stream_is_retryable(provider, emulator):
    """An ``error`` event inside a 200 stream is UNAVAILABLE, not an invalid request."""
    emulator.overload_mid_stream()

    error = raised(lambda: list(provider.chat_stream(REQUEST)))

    assert error.kind == ErrorKind.UNAVAILABLE
    assert error.retryable


def test_slow_answer_times_out_as_unavailable(emulator):
    """An answer slower than the client timeout is a retryable UNAVAILABLE error."""
    emulator.delay(1.0)
    impatient = AnthropicProvider(alias="claude", api_key=API_KEY, base_url=emulator.url, timeout=0.2)

    error = raised(lambda: impatient.chat(REQUEST))

    assert error.kind == ErrorKind.UNAVAILABLE


def test_a_request_that_timed_out_never_takes_the_failure_scripted_after_it(emulator, provider):
    """The emulator's handler of a request the client gave up on wakes later: it must not answer then.

    Else it takes the failure the next test scripted, and that test sees a success once in a while.
    """
    emulator.delay(0.3)
    impatient = AnthropicProvider(alias="claude", api_key=API_KEY, base_url=emulator.url, timeout=0.05)
    raised(lambda: impatient.chat(REQUEST))
    emulator.reset()  # what the next test's fixture does
    emulator.fail(400)
    time.sleep(0.5)  # the handler of the last request given up wakes meanwhile

    assert raised(lambda: provider.chat(REQUEST)).kind == ErrorKind.INVALID


def test_refused_key_makes_the_provider_unavailable(emulator):
    """A 401 is an AUTHENTICATION error and ``status()`` then reports the reason."""
    wrong = AnthropicProvider(alias="claude", api_key="sk-ant-wrong", base_url=emulator.url)
    assert wrong.status().available is True

    error = raised(lambda: wrong.chat(REQUEST))

    assert error.kind == ErrorKind.AUTHENTICATION
    assert not error.retryable
    assert wrong.status().available is False
    assert "invalid x-api-key" in wrong.status().reason


def test_missing_key_is_unavailable_without_calling_anthropic(emulator):
    """Without a key the provider says so and never reaches the network."""
    keyless = AnthropicProvider(alias="claude", api_key="", base_url=emulator.url)

    assert keyless.status().available is False
    assert raised(lambda: list(keyless.chat_stream(REQUEST))).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []


def test_refusal_stop_reason_is_a_clear_refused_error(provider, emulator):
    """``stop_reason: "refusal"``, streamed or not, becomes REFUSED with Claude's explanation."""
    emulator.refuse()

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert error.kind == ErrorKind.REFUSED
        assert not error.retryable
        assert "This request is not allowed." in error.message


def test_other_bad_requests_are_invalid(provider, emulator):
    """Any other 400 (an unknown model, too many tokens) is INVALID and not retried."""
    emulator.fail(400)

    error = raised(lambda: provider.chat(REQUEST))

    assert error.kind == ErrorKind.INVALID
    assert not error.retryable
