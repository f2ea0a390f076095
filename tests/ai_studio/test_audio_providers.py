"""Speech and music adapters: OpenAI's speech against its emulator, the offline demo, and the unlisted services."""

import io
import shutil
import wave

import pytest

from ai_studio.catalogue import model_list
from ai_studio.providers.base import ErrorKind, MusicRequest, ProviderError, SpeechProvider, SpeechRequest
from ai_studio.providers.demo import DemoProvider
from ai_studio.providers.openai import SPEECH_VOICES, OpenAIProvider
from ai_studio.providers.unavailable import UnavailableProvider
from tests.fakes.openai_emulator import API_KEY, SPEECH_SECONDS_PER_CHARACTER
from webox.settings.base import ai_providers

SHORT = "Bonjour."
LONG = "Bonjour à toutes et à tous, bienvenue sur WEBOX, la boutique qui parle et qui chante. " * 3
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _duration(content: bytes) -> float:
    with wave.open(io.BytesIO(content), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


# ---------------------------------------------------------------------- OpenAI


@pytest.fixture
def emulator(openai_server):
    openai_server.reset()
    return openai_server


@pytest.fixture
def openai_provider(emulator):
    return OpenAIProvider(alias="openai", api_key=API_KEY, base_url=emulator.url, timeout=2)


def test_openai_speech_asks_a_wav_and_reads_its_duration(openai_provider, emulator):
    """The adapter asks for WAV, so the duration comes from the file's header, not from a guess."""
    result = openai_provider.speech(SpeechRequest(model="gpt-4o-mini-tts", text=LONG, voice="coral", speed=1.5))

    assert isinstance(openai_provider, SpeechProvider)
    assert (result.audio.content_type, result.audio.extension) == ("audio/wav", "wav")
    assert result.duration == pytest.approx(_duration(result.audio.content))
    assert result.duration == pytest.approx(len(LONG) * SPEECH_SECONDS_PER_CHARACTER / 1.5, abs=0.01)
    (sent,) = emulator.requests
    assert sent["path"] == "/v1/audio/speech"
    assert sent["json"] == {
        "model": "gpt-4o-mini-tts",
        "input": LONG,
        "voice": "coral",
        "speed": 1.5,
        "response_format": "wav",
    }


def test_openai_speech_falls_back_to_the_first_voice_for_an_unknown_one(openai_provider, emulator):
    openai_provider.speech(SpeechRequest(model="gpt-4o-mini-tts", text=SHORT, voice="George"))

    assert emulator.requests[0]["json"]["voice"] == SPEECH_VOICES[0]
    assert ("alloy", "Alloy") in openai_provider.voices()


def test_openai_speech_errors_are_normalised(openai_provider, emulator):
    """A 429 is retryable with its delay; a 500 every time stays retryable; no SDK retry in between."""
    emulator.fail(429, retry_after="4")
    with pytest.raises(ProviderError) as limited:
        openai_provider.speech(SpeechRequest(model="gpt-4o-mini-tts", text=SHORT))
    assert limited.value.kind == ErrorKind.RATE_LIMITED and limited.value.retry_after == 4.0

    emulator.fail(500, always=True)
    with pytest.raises(ProviderError) as down:
        openai_provider.speech(SpeechRequest(model="gpt-4o-mini-tts", text=SHORT))
    assert down.value.kind == ErrorKind.UNAVAILABLE and down.value.retryable
    assert len(emulator.requests) == 2


# ---------------------------------------------------------------------- demo


@pytest.fixture
def demo():
    return DemoProvider()


@needs_espeak
def test_demo_speech_with_espeak_is_a_real_wav_that_grows_with_the_text(demo, settings):
    settings.AI_ESPEAK_BINARY = "espeak-ng"
    short = demo.speech(SpeechRequest(model="demo", text=SHORT, voice="fr"))
    long = demo.speech(SpeechRequest(model="demo", text=LONG, voice="fr"))

    with wave.open(io.BytesIO(long.audio.content), "rb") as reader:
        assert reader.getframerate() == 22050  # espeak-ng's own rate, so it did speak
    assert long.duration == pytest.approx(_duration(long.audio.content))
    assert 0 < short.duration < long.duration
    assert long.duration > 10


@needs_espeak
def test_demo_speech_with_espeak_is_faster_at_a_higher_speed(demo, settings):
    settings.AI_ESPEAK_BINARY = "espeak-ng"
    normal = demo.speech(SpeechRequest(model="demo", text=LONG, speed=1.0))
    fast = demo.speech(SpeechRequest(model="demo", text=LONG, speed=2.0))

    assert fast.duration < normal.duration * 0.7


def test_demo_speech_without_espeak_is_a_tone_pattern_that_follows_the_text(demo, settings, tmp_path):
    """Pointing the setting at a missing binary gives the synthesised pattern: one tone per syllable."""
    settings.AI_ESPEAK_BINARY = str(tmp_path / "no-espeak-here")
    short = demo.speech(SpeechRequest(model="demo", text=SHORT))
    long = demo.speech(SpeechRequest(model="demo", text=LONG))
    fast = demo.speech(SpeechRequest(model="demo", text=LONG, speed=2.0))

    with wave.open(io.BytesIO(long.audio.content), "rb") as reader:
        assert (reader.getnchannels(), reader.getframerate()) == (1, 16000)
        assert max(reader.readframes(reader.getnframes())) > 0  # not silence
    assert long.duration == pytest.approx(_duration(long.audio.content))
    assert 0 < short.duration < long.duration and long.duration > 10
    assert fast.duration == pytest.approx(long.duration / 2, rel=0.02)


def test_demo_speech_is_deterministic(demo, settings, tmp_path):
    settings.AI_ESPEAK_BINARY = str(tmp_path / "missing")
    request = SpeechRequest(model="demo", text=LONG, voice="fr+f3")

    assert demo.speech(request).audio.content == demo.speech(request).audio.content


@pytest.mark.parametrize("seconds", [5, 17.5, 60])
def test_demo_music_lasts_the_duration_asked(demo, seconds):
    result = demo.music(MusicRequest(model="demo", prompt="Une valse joyeuse", duration=seconds))

    assert result.duration == pytest.approx(seconds, abs=0.1)
    assert _duration(result.audio.content) == pytest.approx(seconds, abs=0.1)
    assert result.audio.content_type == "audio/wav"


def test_demo_music_is_deterministic_and_depends_on_the_prompt(demo):
    waltz = demo.music(MusicRequest(model="demo", prompt="Une valse joyeuse", duration=5)).audio.content
    again = demo.music(MusicRequest(model="demo", prompt="Une valse joyeuse", duration=5)).audio.content
    blues = demo.music(MusicRequest(model="demo", prompt="Un blues lent", duration=5)).audio.content

    assert waltz == again and waltz != blues


# ---------------------------------------------------------------------- Suno, Udio


@pytest.mark.django_db
def test_unlisted_services_are_configured_but_never_serve(settings, english):
    """Suno and Udio have no official public API: listed in the catalogue as unavailable, with that reason."""
    settings.AI_PROVIDERS = ai_providers(demo=True)

    models = {model.id: model for model in model_list()}

    for model_id in ("suno", "udio"):
        assert models[model_id].capability == "music"
        assert models[model_id].available is False
        assert models[model_id].reason == "No official public API (only unofficial resellers)."


def test_unlisted_services_refuse_every_call(english):
    provider = UnavailableProvider(alias="suno", label="Suno", reason="no_public_api")

    assert provider.status().available is False
    with pytest.raises(ProviderError) as refused:
        provider.music(MusicRequest(model="suno", prompt="x", duration=5))
    assert refused.value.kind == ErrorKind.INVALID
