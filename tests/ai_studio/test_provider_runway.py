"""The Runway adapter (official ``runwayml`` SDK) against the local Runway emulator."""

import base64

import pytest

from ai_studio.providers.base import ErrorKind, GeneratedFile, ProviderError, VideoProvider, VideoRequest
from ai_studio.providers.runway import RunwayProvider
from tests.fakes.runway_emulator import API_KEY, RunwayEmulator
from tests.fakes.video_tasks import mp4_sample_make

REQUEST = VideoRequest(model="gen4.5", prompt="A lighthouse in a storm", duration=5, ratio="16:9")
PNG = GeneratedFile(content=b"\x89PNG\r\n\x1a\nfake", content_type="image/png", extension="png")


@pytest.fixture(scope="module")
def runway_server():
    server = RunwayEmulator(video=mp4_sample_make(3)).start()
    yield server
    server.stop()


@pytest.fixture
def emulator(runway_server):
    runway_server.reset()
    return runway_server


@pytest.fixture
def provider(emulator):
    return RunwayProvider(alias="runway", api_key=API_KEY, base_url=emulator.url, timeout=5)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_runway_provider_offers_video(provider):
    assert isinstance(provider, VideoProvider)
    assert (provider.is_demo, provider.label) == (False, "Runway")
    assert provider.video_durations("gen4_turbo") == (5, 10)
    assert provider.video_durations("gen4.5") == tuple(range(2, 11))


def test_text_to_video_task_is_polled_until_it_succeeds_then_downloaded(provider, emulator):
    """Creation sends the SDK's camelCase JSON and version header; polls go PENDING → RUNNING → SUCCEEDED."""
    task = provider.video_create(REQUEST)

    polls = [provider.video_poll(task.id) for _ in range(3)]
    result = provider.video_download(task.id)

    assert task.status == "pending"
    assert [(poll.status, poll.progress) for poll in polls] == [("pending", 0), ("running", 67), ("succeeded", 100)]
    created = emulator.requests[0]
    assert (created["method"], created["path"]) == ("POST", "/v1/text_to_video")
    assert created["json"] == {"model": "gen4.5", "promptText": "A lighthouse in a storm", "ratio": "1280:720",
                               "duration": 5}  # fmt: skip
    assert created["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert created["headers"]["x-runway-version"] == "2024-11-06"
    assert result.video.content_type == "video/mp4" and result.video.content[4:8] == b"ftyp"
    assert result.duration == pytest.approx(3, abs=0.1)
    assert emulator.requests[-1]["path"] == f"/files/{task.id}.mp4"


def test_image_to_video_sends_the_picture_as_a_data_uri(provider, emulator):
    """A picture travels inline (base64 data URI); a square clip is 960:960; Gen-4 Turbo takes 10 seconds."""
    request = VideoRequest(model="gen4_turbo", prompt="It blinks", duration=10, ratio="1:1", image=PNG)

    provider.video_create(request)

    sent = emulator.requests[0]
    assert sent["path"] == "/v1/image_to_video"
    assert sent["json"]["promptImage"] == "data:image/png;base64," + base64.b64encode(PNG.content).decode()
    assert (sent["json"]["ratio"], sent["json"]["duration"], sent["json"]["model"]) == ("960:960", 10, "gen4_turbo")


@pytest.mark.parametrize(
    "request_",
    [
        VideoRequest(model="gen4_turbo", prompt="No picture", duration=5, ratio="16:9"),  # animates a picture only
        VideoRequest(model="gen4_turbo", prompt="x", duration=7, ratio="16:9", image=PNG),  # 5 or 10 s
        VideoRequest(model="gen4.5", prompt="x", duration=5, ratio="1:1"),  # text to video: no square
    ],
)
def test_requests_runway_cannot_render_are_invalid_before_any_call(provider, emulator, request_):
    error = raised(lambda: provider.video_create(request_))
    assert (error.kind, error.retryable) == (ErrorKind.INVALID, False)
    assert emulator.requests == []


def test_failed_task_is_reported_with_its_reason(provider, emulator):
    emulator.fail_next_task("The model could not render this prompt.", "INTERNAL.BAD_OUTPUT.CODE01")
    task = provider.video_create(REQUEST)

    polls = [provider.video_poll(task.id) for _ in range(3)]

    assert polls[-1].status == "failed" and polls[-1].error == "The model could not render this prompt."


def test_task_stopped_by_moderation_is_refused(provider, emulator):
    emulator.fail_next_task("Your prompt was flagged.", "SAFETY.INPUT.TEXT")
    task = provider.video_create(REQUEST)
    provider.video_poll(task.id), provider.video_poll(task.id)

    error = raised(lambda: provider.video_poll(task.id))

    assert error.kind == ErrorKind.REFUSED and "Your prompt was flagged." in error.message


def test_rate_limit_is_retryable_with_retry_after(provider, emulator):
    emulator.fail(429, retry_after="7")

    error = raised(lambda: provider.video_create(REQUEST))

    assert (error.kind, error.retryable, error.retry_after) == (ErrorKind.RATE_LIMITED, True, 7.0)
    assert "Emulated error 429." in error.message
    assert provider.video_create(REQUEST).status == "pending"


def test_bad_key_is_remembered_and_server_errors_are_retryable(emulator):
    wrong = RunwayProvider(alias="runway", api_key="wrong", base_url=emulator.url, timeout=5)
    error = raised(lambda: wrong.video_create(REQUEST))
    assert error.kind == ErrorKind.AUTHENTICATION
    assert wrong.status().available is False and "Invalid API key." in wrong.status().reason

    right = RunwayProvider(alias="runway", api_key=API_KEY, base_url=emulator.url, timeout=5)
    emulator.fail(503)
    assert raised(lambda: right.video_create(REQUEST)).kind == ErrorKind.UNAVAILABLE


def test_no_key_means_unavailable_without_a_call(emulator):
    keyless = RunwayProvider(alias="runway", api_key="", base_url=emulator.url)
    assert keyless.status().available is False
    assert raised(lambda: keyless.video_create(REQUEST)).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []
