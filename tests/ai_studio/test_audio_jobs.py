"""Speech and music jobs end to end: checked, reserved, run by the task, settled on the real duration, private."""

import io
import math
import wave

import pytest
from rest_framework.test import APIClient

from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.services import job_create
from ai_studio.services.audio import speech_seconds_estimate
from ai_studio.tasks import MAX_RETRIES
from tests.fakes import openai_emulator
from tests.fakes.elevenlabs_emulator import API_KEY, SECONDS_PER_CHARACTER, ElevenLabsEmulator
from webox.common.errors import ApplicationError

from .studio_support import eager_retries, funded_user_make

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status
JOBS = "/api/v1/ai/jobs/"
TEXT = "Bienvenue sur WEBOX. Aujourd'hui, la boutique vous propose des chemises en lin."


def _balance(user) -> tuple[int, int]:
    account = CreditAccount.objects.get(user=user)
    return account.balance, account.reserved


def _run(capture, **arguments) -> GenerationJob:
    with capture(execute=True):
        job = job_create(**arguments)
    job.refresh_from_db()
    return job


def _wav_seconds(job: GenerationJob) -> float:
    result = job.results.get()
    assert result.content_type == "audio/wav"
    with result.file.open("rb") as handle, wave.open(io.BytesIO(handle.read()), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


@pytest.fixture(scope="module")
def elevenlabs_server():
    server = ElevenLabsEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def elevenlabs(elevenlabs_server, settings):
    """Configure the ElevenLabs provider against the emulator (its models are in the catalogue already)."""
    elevenlabs_server.reset()
    options = {"api_key": API_KEY, "base_url": elevenlabs_server.url, "timeout": 2}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "elevenlabs": {"CLASS": "ai_studio.providers.elevenlabs.ElevenLabsProvider", "OPTIONS": options},
    }
    return elevenlabs_server


@pytest.mark.parametrize("espeak", ["espeak-ng", "missing"])
def test_speech_job_is_charged_its_real_duration_and_gives_the_rest_back(
    espeak, settings, tmp_path, django_capture_on_commit_callbacks
):
    """With espeak-ng or its tone pattern, the WAV is stored and the cost is its length in seconds."""
    settings.AI_ESPEAK_BINARY = espeak if espeak == "espeak-ng" else str(tmp_path / "missing")
    customer = funded_user_make(100)
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="speech",
        model="demo-speech",
        prompt=TEXT,
        params={"voice": "fr", "speed": 1.0},
    )

    assert job.status == Status.SUCCEEDED, job.error
    seconds = _wav_seconds(job)
    assert job.reserved_credits == math.ceil(speech_seconds_estimate(TEXT, 1.0))
    assert job.cost == math.ceil(seconds) < job.reserved_credits
    assert _balance(customer) == (100 - job.cost, 0)
    assert job.params == {"voice": "fr", "speed": 1.0}


def test_music_job_lasts_the_duration_asked_and_costs_it(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="music",
        model="demo-music",
        prompt="Une valse joyeuse",
        params={"duration": 8},
    )

    assert job.status == Status.SUCCEEDED and job.progress == 100
    assert _wav_seconds(job) == pytest.approx(8, abs=0.1)
    assert (job.reserved_credits, job.cost) == (9, 8)  # a second of margin, given back
    assert _balance(customer) == (92, 0)


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"kind": "speech", "model": "demo-speech", "params": {"speed": 3}}, "invalid"),
        ({"kind": "speech", "model": "demo-speech", "params": {"speed": "fast"}}, "invalid"),
        ({"kind": "speech", "model": "demo-speech", "params": {"voice": "a voice; rm -rf"}}, "invalid"),
        ({"kind": "speech", "model": "demo-music"}, "wrong_capability"),
        ({"kind": "speech", "model": "demo-speech", "prompt": "x" * 4001}, "prompt_too_long"),
        ({"kind": "music", "model": "demo-music", "params": {"duration": 4}}, "invalid"),
        ({"kind": "music", "model": "demo-music", "params": {"duration": 121}}, "invalid"),
        ({"kind": "music", "model": "demo-speech"}, "wrong_capability"),
        ({"kind": "music", "model": "suno"}, "model_unavailable"),
    ],
)
def test_bad_audio_requests_are_refused_before_reserving(arguments, code):
    customer = funded_user_make(100)
    with pytest.raises(ApplicationError) as refused:
        job_create(user=customer, **{"prompt": "Bonjour", **arguments})
    assert refused.value.code == code and refused.value.status_code == 400
    assert not GenerationJob.objects.exists() and _balance(customer) == (100, 0)


def test_elevenlabs_speech_job_retries_a_rate_limit_then_succeeds(elevenlabs, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    elevenlabs.fail(429)
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks,
            user=customer,
            kind="speech",
            model="eleven-multilingual-v2",
            prompt=TEXT,
            params={"voice": "21m00Tcm4TlvDq8ikWAM"},
        )

    assert job.status == Status.SUCCEEDED
    assert len(elevenlabs.requests) == 2
    seconds = len(TEXT) * SECONDS_PER_CHARACTER
    assert _wav_seconds(job) == pytest.approx(seconds, abs=0.01)
    assert job.cost == 2 * math.ceil(seconds) < job.reserved_credits  # 2 credits a second
    assert _balance(customer) == (100 - job.cost, 0)


def test_elevenlabs_music_job_down_every_time_fails_and_refunds(
    elevenlabs, english, django_capture_on_commit_callbacks
):
    customer = funded_user_make(200)
    elevenlabs.fail(500, always=True)
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks,
            user=customer,
            kind="music",
            model="eleven-music",
            prompt="Un jazz calme",
            params={"duration": 20},
        )

    assert job.status == Status.FAILED and job.cost == 0 and "not available" in job.error
    assert len(elevenlabs.requests) == MAX_RETRIES + 1
    assert _balance(customer) == (200, 0)


@pytest.fixture
def openai(openai_server, settings):
    """Configure the OpenAI provider against its emulator (moderation off: only speech is under test)."""
    openai_server.reset()
    options = {"api_key": openai_emulator.API_KEY, "base_url": openai_server.url, "timeout": 2}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "openai": {"CLASS": "ai_studio.providers.openai.OpenAIProvider", "OPTIONS": options},
    }
    settings.AI_MODERATION = False
    return openai_server


def test_openai_speech_job_retries_a_rate_limit_then_settles_on_the_wav(openai, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    openai.fail(429, retry_after="1")
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks,
            user=customer,
            kind="speech",
            model="gpt-4o-mini-tts",
            prompt=TEXT,
            params={"voice": "nova", "speed": 2.0},
        )

    assert job.status == Status.SUCCEEDED and len(openai.requests) == 2
    seconds = len(TEXT) * openai_emulator.SPEECH_SECONDS_PER_CHARACTER / 2.0
    assert _wav_seconds(job) == pytest.approx(seconds, abs=0.01)
    assert job.cost == math.ceil(seconds) < job.reserved_credits
    assert _balance(customer) == (100 - job.cost, 0)


def test_openai_speech_job_down_every_time_fails_and_refunds(openai, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    openai.fail(503, always=True)
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks, user=customer, kind="speech", model="gpt-4o-mini-tts", prompt=TEXT
        )

    assert job.status == Status.FAILED and job.cost == 0
    assert len(openai.requests) == MAX_RETRIES + 1 and _balance(customer) == (100, 0)


def test_speech_through_the_api_and_only_its_owner_hears_it(client, django_capture_on_commit_callbacks):
    """POST /api/v1/ai/jobs/ queues the job; the owner downloads the WAV, anyone else gets a 404."""
    owner, intruder = funded_user_make(100), funded_user_make(100)
    api = APIClient()
    api.force_authenticate(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            JOBS, {"kind": "speech", "model": "demo-speech", "prompt": TEXT, "params": {"speed": 1.5}}, format="json"
        )
    assert response.status_code == 202
    body = api.get(f"{JOBS}{response.json()['id']}/").json()
    assert body["status"] == "succeeded"
    [result] = body["results"]
    assert result["content_type"] == "audio/wav"

    client.force_login(owner)
    download = client.get(result["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content)[:4] == b"RIFF"
    client.force_login(intruder)
    assert client.get(result["url"]).status_code == 404
    intruder_api = APIClient()
    intruder_api.force_authenticate(intruder)
    assert intruder_api.get(f"{JOBS}{body['id']}/").status_code == 404


def test_speech_full_of_numbers_and_pauses_stays_within_its_estimate(django_capture_on_commit_callbacks):
    """Numbers are read as several words and punctuation adds pauses: the reservation still covers the sound."""
    customer = funded_user_make(300)
    text = "Le code 1999999999999 ; puis 2024, 3141592653. " * 4
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="speech",
        model="demo-speech",
        prompt=text,
        params={"voice": "fr", "speed": 0.5},
    )

    assert job.status == Status.SUCCEEDED, job.error
    seconds = _wav_seconds(job)
    assert job.cost == math.ceil(seconds) <= job.reserved_credits
    assert _balance(customer) == (300 - job.cost, 0)


def test_a_sound_longer_than_reserved_costs_the_reservation_and_no_more(elevenlabs, django_capture_on_commit_callbacks):
    """10 s of music asked (11 s held at 3 credits), 15 s delivered: the 33 credits shown are all that is paid."""
    customer = funded_user_make(200)
    elevenlabs.pad(5)
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="music",
        model="eleven-music",
        prompt="Un jazz calme",
        params={"duration": 10},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert job.results.count() == 1
    assert (job.reserved_credits, job.cost) == (33, 33)
    assert _balance(customer) == (200 - 33, 0)


def test_elevenlabs_reserves_for_the_speed_it_really_reads_at(elevenlabs, django_capture_on_commit_callbacks):
    """ElevenLabs reads at 1.2 at most: a speed of 2 asked is reserved (and read) as 1.2."""
    customer = funded_user_make(100)
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="speech",
        model="eleven-multilingual-v2",
        prompt=TEXT,
        params={"voice": "21m00Tcm4TlvDq8ikWAM", "speed": 2.0},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert job.reserved_credits == 2 * math.ceil(speech_seconds_estimate(TEXT, 1.2))
    assert elevenlabs.requests[-1]["json"]["voice_settings"] == {"speed": 1.2}
    seconds = len(TEXT) * SECONDS_PER_CHARACTER / 1.2
    assert job.cost == 2 * math.ceil(seconds) <= job.reserved_credits
