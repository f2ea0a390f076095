"""The Luma adapter (official ``lumaai`` SDK) against the local Dream Machine emulator."""

import pytest

from ai_studio.providers.base import ErrorKind, GeneratedFile, ProviderError, VideoProvider, VideoRequest
from ai_studio.providers.luma import LumaProvider
from tests.fakes.luma_emulator import API_KEY, LumaEmulator
from tests.fakes.video_tasks import mp4_sample_make

REQUEST = VideoRequest(model="ray-2", prompt="A hot-air balloon at dawn", duration=5, ratio="9:16")


@pytest.fixture(scope="module")
def luma_server():
    server = LumaEmulator(video=mp4_sample_make(2)).start()
    yield server
    server.stop()


@pytest.fixture
def emulator(luma_server):
    luma_server.reset()
    return luma_server


@pytest.fixture
def provider(emulator):
    return LumaProvider(alias="luma", api_key=API_KEY, base_url=emulator.base_url, timeout=5)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def test_luma_provider_offers_video(provider):
    assert isinstance(provider, VideoProvider)
    assert (provider.is_demo, provider.label, provider.video_durations("ray-2")) == (False, "Luma", (5, 9))


def test_generation_goes_from_queued_to_completed_and_its_video_is_downloaded(provider, emulator):
    task = provider.video_create(REQUEST)

    polls = [provider.video_poll(task.id) for _ in range(3)]
    result = provider.video_download(task.id)

    assert task.status == "pending"
    assert [poll.status for poll in polls] == ["pending", "running", "succeeded"]
    created = emulator.requests[0]
    assert (created["method"], created["path"]) == ("POST", "/dream-machine/v1/generations/video")
    assert created["json"] == {"model": "ray-2", "prompt": "A hot-air balloon at dawn", "aspect_ratio": "9:16",
                               "duration": "5s", "resolution": "720p"}  # fmt: skip
    assert created["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert result.video.content[4:8] == b"ftyp" and result.duration == pytest.approx(2, abs=0.1)


def test_failed_generation_is_reported_and_moderation_is_refused(provider, emulator):
    emulator.fail_next_task("Internal rendering error")
    failing = provider.video_create(REQUEST)
    emulator.fail_next_task("Prompt blocked by moderation")
    blocked = provider.video_create(REQUEST)
    for _ in range(2):
        provider.video_poll(failing.id), provider.video_poll(blocked.id)

    assert provider.video_poll(failing.id).error == "Internal rendering error"
    error = raised(lambda: provider.video_poll(blocked.id))
    assert error.kind == ErrorKind.REFUSED and "Prompt blocked by moderation" in error.message


@pytest.mark.parametrize(
    "request_",
    [
        VideoRequest(model="ray-2", prompt="x", duration=7, ratio="16:9"),  # 5 or 9 s only
        VideoRequest(
            model="ray-2", prompt="x", duration=5, ratio="16:9", image=GeneratedFile(b"png", "image/png", "png")
        ),
    ],
)
def test_requests_luma_cannot_take_are_invalid_before_any_call(provider, emulator, request_):
    assert raised(lambda: provider.video_create(request_)).kind == ErrorKind.INVALID
    assert emulator.requests == []


def test_rate_limit_is_retryable_and_a_download_before_the_end_is_refused(provider, emulator):
    emulator.fail(429, retry_after="3")
    error = raised(lambda: provider.video_create(REQUEST))
    assert (error.kind, error.retry_after) == (ErrorKind.RATE_LIMITED, 3.0)

    task = provider.video_create(REQUEST)
    assert raised(lambda: provider.video_download(task.id)).kind == ErrorKind.INVALID


def test_bad_key_is_an_authentication_error(emulator):
    wrong = LumaProvider(alias="luma", api_key="wrong", base_url=emulator.base_url, timeout=5)
    assert raised(lambda: wrong.video_create(REQUEST)).kind == ErrorKind.AUTHENTICATION
    assert wrong.status().available is False
