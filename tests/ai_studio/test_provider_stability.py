"""The Stability AI adapter (plain REST with ``requests``) against the local Stability emulator."""

import io

import pytest
from PIL import Image

from ai_studio.providers.base import ErrorKind, ImageProvider, ImageRequest, ProviderError
from ai_studio.providers.stability import StabilityProvider, aspect_ratio
from tests.fakes.stability_emulator import API_KEY, StabilityEmulator

REQUEST = ImageRequest(model="stable-image-core", prompt="A red bicycle", size="1024x1024")


@pytest.fixture(scope="module")
def stability_server():
    server = StabilityEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def emulator(stability_server):
    stability_server.reset()
    return stability_server


@pytest.fixture
def provider(emulator):
    return StabilityProvider(alias="stability", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_stability_provider_offers_images(provider):
    """The adapter satisfies the image protocol and is not a demo."""
    assert isinstance(provider, ImageProvider)
    assert provider.is_demo is False
    assert provider.label == "Stability AI"


def test_image_returns_png_bytes_from_a_multipart_request(provider, emulator):
    """The prompt goes as multipart form fields with the key and ``Accept: image/*``; PNG bytes come back."""
    result = provider.image(REQUEST)

    (image,) = result.images
    assert (image.content_type, image.extension) == ("image/png", "png")
    assert Image.open(io.BytesIO(image.content)).format == "PNG"
    (sent,) = emulator.requests
    assert sent["path"] == "/v2beta/stable-image/generate/core"
    assert sent["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert sent["headers"]["accept"] == "image/*"
    assert sent["headers"]["content-type"].startswith("multipart/form-data")
    assert sent["form"] == {"prompt": "A red bicycle", "aspect_ratio": "1:1", "output_format": "png"}


def test_sd3_models_use_the_sd3_endpoint_with_a_model_field_and_one_call_per_image(provider, emulator):
    """SD 3.5 models share one endpoint named by ``model``; a wide size becomes 16:9; a style preset is passed."""
    request = ImageRequest(model="sd3.5-large", prompt="A red bicycle", size="1792x1024", count=2, style="anime")

    result = provider.image(request)

    assert len(result.images) == 2
    assert Image.open(io.BytesIO(result.images[0].content)).size == (16 * 64, 9 * 64)
    assert [sent["path"] for sent in emulator.requests] == ["/v2beta/stable-image/generate/sd3"] * 2
    form = emulator.requests[0]["form"]
    assert (form["model"], form["aspect_ratio"], form["style_preset"]) == ("sd3.5-large", "16:9", "anime")


def test_free_style_travels_in_the_prompt_and_sizes_map_to_the_nearest_ratio(provider, emulator):
    """A style that is not a Stability preset is added to the prompt; a tall size becomes 2:3."""
    provider.image(ImageRequest(model="stable-image-ultra", prompt="A red bicycle", size="1024x1536", style="pastel"))

    form = emulator.requests[0]["form"]
    assert emulator.requests[0]["path"] == "/v2beta/stable-image/generate/ultra"
    assert form["prompt"] == "A red bicycle\n\nStyle: pastel"
    assert form["aspect_ratio"] == "2:3"
    assert "style_preset" not in form
    assert aspect_ratio("nonsense") == "1:1"


def test_rate_limit_is_retryable_then_the_next_call_succeeds(provider, emulator):
    """A 429 is RATE_LIMITED with Retry-After; the adapter does not retry by itself; the next call succeeds."""
    emulator.fail(429, retry_after="10")

    error = raised(lambda: provider.image(REQUEST))

    assert (error.kind, error.retryable, error.retry_after, error.provider) == (
        ErrorKind.RATE_LIMITED,
        True,
        10.0,
        "stability",
    )
    assert "Emulated error 429." in error.message
    assert len(provider.image(REQUEST).images) == 1
    assert len(emulator.requests) == 2


def test_server_error_is_retryable(provider, emulator):
    """A 500 is a retryable UNAVAILABLE error."""
    emulator.fail(500)

    error = raised(lambda: provider.image(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.UNAVAILABLE, True)


def test_slow_answer_times_out_as_unavailable(emulator):
    """An answer slower than the timeout is a retryable UNAVAILABLE error."""
    emulator.delay(1.0)
    impatient = StabilityProvider(alias="stability", api_key=API_KEY, base_url=emulator.url, timeout=0.2)

    error = raised(lambda: impatient.image(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.UNAVAILABLE, True)


def test_refused_key_makes_the_provider_unavailable(emulator):
    """A 401 is AUTHENTICATION, not retried, and ``status()`` then reports the reason."""
    wrong = StabilityProvider(alias="stability", api_key="sk-wrong", base_url=emulator.url)

    error = raised(lambda: wrong.image(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.AUTHENTICATION, False)
    assert "Missing or invalid API key." in wrong.status().reason


def test_empty_account_is_not_retried(provider, emulator):
    """A 402 (no credits left) will not pass by waiting: the provider shows as unavailable."""
    emulator.fail(402)

    error = raised(lambda: provider.image(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.AUTHENTICATION, False)
    assert provider.status().available is False


def test_missing_key_is_unavailable_without_calling_stability(emulator):
    """Without a key the provider says so and never reaches the network."""
    keyless = StabilityProvider(alias="stability", api_key="", base_url=emulator.url)

    assert keyless.status().available is False
    assert raised(lambda: keyless.image(REQUEST)).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []


def test_content_moderation_is_refused_and_keeps_the_key_usable(provider, emulator):
    """A 403 ``content_moderation`` is REFUSED with Stability's explanation, not an authentication failure."""
    emulator.refuse()

    error = raised(lambda: provider.image(REQUEST))

    assert (error.kind, error.retryable) == (ErrorKind.REFUSED, False)
    assert "content moderation" in error.message
    assert provider.status().available is True


def test_other_bad_requests_are_invalid(provider, emulator):
    """Any other 4xx (an unknown model) is INVALID and not retried."""
    error = raised(lambda: provider.image(ImageRequest(model="stable-image-nonexistent", prompt="A red bicycle")))

    assert (error.kind, error.retryable) == (ErrorKind.INVALID, False)
