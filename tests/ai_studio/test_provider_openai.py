"""The OpenAI adapter, with the official SDK, against the local OpenAI emulator."""

import io

import pytest
from PIL import Image

from ai_studio.providers.base import (
    ChatDelta,
    ChatProvider,
    ChatRequest,
    ErrorKind,
    ImageProvider,
    ImageRequest,
    ProviderError,
    Usage,
    messages_tuple,
)
from ai_studio.providers.openai import OpenAIProvider
from tests.fakes.openai_emulator import API_KEY, OpenAIEmulator

REQUEST = ChatRequest(
    model="gpt-5.5-mini",
    messages=messages_tuple([("system", "You write product copy."), ("user", "Describe a linen shirt")]),
    max_tokens=300,
    temperature=0.2,
)


@pytest.fixture
def emulator(openai_server):
    openai_server.reset()
    return openai_server


@pytest.fixture
def provider(emulator):
    return OpenAIProvider(alias="openai", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_openai_provider_offers_chat_and_images(provider):
    """The adapter satisfies both capability protocols and is not a demo."""
    assert isinstance(provider, ChatProvider)
    assert isinstance(provider, ImageProvider)
    assert provider.is_demo is False
    assert provider.label == "OpenAI"


def test_chat_returns_the_answer_and_its_usage(provider):
    """A non-streamed answer comes back as plain text with the tokens the provider counted."""
    result = provider.chat(REQUEST)

    assert result.text == "Emulated answer to: Describe a linen shirt"
    assert result.usage == Usage(input_tokens=8, output_tokens=7)
    assert result.finish_reason == "stop"


def test_chat_forwards_model_messages_and_limits(provider, emulator):
    """The model id, every message with its role, the token limit and the temperature reach OpenAI."""
    provider.chat(REQUEST)

    (sent,) = emulator.requests
    assert sent["path"] == "/v1/chat/completions"
    assert sent["json"]["model"] == "gpt-5.5-mini"
    assert sent["json"]["messages"] == [
        {"role": "system", "content": "You write product copy."},
        {"role": "user", "content": "Describe a linen shirt"},
    ]
    assert sent["json"]["max_completion_tokens"] == 300
    assert sent["json"]["temperature"] == 0.2


def test_requests_carry_the_key_as_a_bearer_token_and_no_sdk_retries(provider, emulator):
    """The SDK sends ``Authorization: Bearer <key>`` and, with retries off, a single attempt."""
    provider.chat(REQUEST)

    headers = emulator.requests[0]["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["x-stainless-retry-count"] == "0"
    assert headers["user-agent"].startswith("OpenAI/Python")


def test_chat_stream_yields_pieces_then_usage(provider, emulator):
    """Streamed text arrives piece by piece; the last delta carries the usage and the finish reason."""
    deltas = list(provider.chat_stream(REQUEST))

    assert [delta.text for delta in deltas[:-1]] == [
        "Emulated",
        " answer",
        " to:",
        " Describe",
        " a",
        " linen",
        " shirt",
    ]
    assert all(delta.usage is None for delta in deltas[:-1])
    assert deltas[-1] == ChatDelta(text="", usage=Usage(input_tokens=8, output_tokens=7), finish_reason="stop")
    assert emulator.requests[0]["json"]["stream"] is True
    assert emulator.requests[0]["json"]["stream_options"] == {"include_usage": True}


def test_image_decodes_the_base64_pngs(provider, emulator):
    """GPT image answers (base64 only) become PNG files of the asked size, as many as asked."""
    result = provider.image(ImageRequest(model="gpt-image-2", prompt="A red bicycle", size="256x256", count=2))

    assert len(result.images) == 2
    image = result.images[0]
    assert (image.content_type, image.extension) == ("image/png", "png")
    assert Image.open(io.BytesIO(image.content)).size == (256, 256)
    sent = emulator.requests[0]
    assert sent["path"] == "/v1/images/generations"
    assert {key: sent["json"][key] for key in ("model", "prompt", "n", "size")} == {
        "model": "gpt-image-2",
        "prompt": "A red bicycle",
        "n": 2,
        "size": "256x256",
    }


def test_image_style_is_added_to_the_prompt(provider, emulator):
    """GPT image models have no style parameter, so the style travels in the prompt."""
    provider.image(ImageRequest(model="gpt-image-2", prompt="A red bicycle", size="256x256", style="watercolour"))

    assert emulator.requests[0]["json"]["prompt"] == "A red bicycle\n\nStyle: watercolour"
    assert "style" not in emulator.requests[0]["json"]


def test_rate_limit_is_retryable_after_the_announced_delay(provider, emulator):
    """A 429 becomes a retryable RATE_LIMITED error with Retry-After; the next call then succeeds."""
    emulator.fail(429, retry_after="12")

    error = raised(lambda: provider.chat(REQUEST))

    assert error.kind == ErrorKind.RATE_LIMITED
    assert error.retryable
    assert error.retry_after == 12.0
    assert error.provider == "openai"
    assert provider.chat(REQUEST).text.startswith("Emulated answer")
    assert len(emulator.requests) == 2  # the SDK itself did not retry


def test_exhausted_quota_is_not_retried(provider, emulator):
    """A 429 ``insufficient_quota`` will not pass by waiting: the provider shows as unavailable."""
    emulator.fail(429, code="insufficient_quota")

    error = raised(lambda: provider.chat(REQUEST))

    assert error.kind == ErrorKind.AUTHENTICATION
    assert not error.retryable
    assert provider.status().available is False


def test_server_errors_are_retryable_every_time(provider, emulator):
    """A 500 on every call gives a retryable UNAVAILABLE error each time, streamed or not."""
    emulator.fail(500, always=True)

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert error.kind == ErrorKind.UNAVAILABLE
        assert error.retryable
    assert len(emulator.requests) == 2


def test_slow_answer_times_out_as_unavailable(emulator):
    """An answer slower than the client timeout is a retryable UNAVAILABLE error."""
    emulator.delay(1.0)
    impatient = OpenAIProvider(alias="openai", api_key=API_KEY, base_url=emulator.url, timeout=0.2)

    error = raised(lambda: impatient.chat(REQUEST))

    assert error.kind == ErrorKind.UNAVAILABLE
    assert error.retryable


def test_refused_key_makes_the_provider_unavailable(emulator):
    """A 401 is an AUTHENTICATION error and ``status()`` then reports the reason."""
    wrong = OpenAIProvider(alias="openai", api_key="sk-wrong", base_url=emulator.url)
    assert wrong.status().available is True

    error = raised(lambda: wrong.chat(REQUEST))

    assert error.kind == ErrorKind.AUTHENTICATION
    assert not error.retryable
    status = wrong.status()
    assert status.available is False
    assert "Incorrect API key provided." in status.reason


def test_missing_key_is_unavailable_without_calling_openai(emulator):
    """Without a key the provider says so and never reaches the network."""
    keyless = OpenAIProvider(alias="openai", api_key="", base_url=emulator.url)

    assert keyless.status().available is False
    assert keyless.status().reason
    assert raised(lambda: keyless.chat(REQUEST)).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []


def test_chat_refusal_is_a_clear_refused_error(provider, emulator):
    """A ``refusal`` in the answer, streamed or not, becomes REFUSED with the model's explanation."""
    emulator.refuse()

    for call in (lambda: provider.chat(REQUEST), lambda: list(provider.chat_stream(REQUEST))):
        error = raised(call)
        assert error.kind == ErrorKind.REFUSED
        assert not error.retryable
        assert "can't help with that request" in error.message


def test_image_content_policy_violation_is_refused(provider, emulator):
    """A 400 ``content_policy_violation`` on images is REFUSED, not a generic invalid request."""
    emulator.refuse()

    error = raised(lambda: provider.image(ImageRequest(model="gpt-image-2", prompt="Something forbidden")))

    assert error.kind == ErrorKind.REFUSED
    assert "safety system" in error.message


def test_other_bad_requests_are_invalid(provider, emulator):
    """Any other 400 (an unknown model, a bad size) is INVALID and not retried."""
    emulator.fail(400, code="model_not_found")

    error = raised(lambda: provider.chat(REQUEST))

    assert error.kind == ErrorKind.INVALID
    assert not error.retryable


def test_unreachable_provider_is_unavailable():
    """A connection refused is a retryable UNAVAILABLE error."""
    server = OpenAIEmulator()
    url = server.url
    server.server_close()  # the port is free again: nothing listens there
    provider = OpenAIProvider(alias="openai", api_key=API_KEY, base_url=url, timeout=1)

    error = raised(lambda: provider.chat(REQUEST))

    assert error.kind == ErrorKind.UNAVAILABLE
