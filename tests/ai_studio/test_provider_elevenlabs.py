"""The ElevenLabs adapter, with the official SDK, against the local ElevenLabs emulator."""

import io
import wave

import pytest

from ai_studio.providers.base import (
    ErrorKind,
    MusicProvider,
    MusicRequest,
    ProviderError,
    SpeechProvider,
    SpeechRequest,
)
from ai_studio.providers.elevenlabs import DEFAULT_VOICE, ElevenLabsProvider
from tests.fakes.elevenlabs_emulator import API_KEY, SECONDS_PER_CHARACTER, VOICES, ElevenLabsEmulator

TEXT = "Bonjour, voici la voix de WEBOX."  # 32 characters
SPEECH = SpeechRequest(model="eleven_multilingual_v2", text=TEXT, voice="21m00Tcm4TlvDq8ikWAM")
MUSIC = MusicRequest(model="music_v1", prompt="Un jazz calme au piano", duration=12)


@pytest.fixture(scope="module")
def elevenlabs_server():
    server = ElevenLabsEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def emulator(elevenlabs_server):
    elevenlabs_server.reset()
    return elevenlabs_server


@pytest.fixture
def provider(emulator):
    return ElevenLabsProvider(alias="elevenlabs", api_key=API_KEY, base_url=emulator.url, timeout=2)


def raised(call) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        call()
    return caught.value


def _wav(content: bytes) -> wave.Wave_read:
    return wave.open(io.BytesIO(content), "rb")


def test_elevenlabs_provider_offers_speech_and_music(provider):
    assert isinstance(provider, SpeechProvider)
    assert isinstance(provider, MusicProvider)
    assert provider.is_demo is False and provider.label == "ElevenLabs"


def test_speech_is_a_wav_whose_duration_is_read_from_the_audio(provider):
    """The PCM stream is wrapped in a WAV; the duration is that of the samples received."""
    result = provider.speech(SPEECH)

    assert (result.audio.content_type, result.audio.extension) == ("audio/wav", "wav")
    with _wav(result.audio.content) as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 24000)
        assert reader.getnframes() / reader.getframerate() == pytest.approx(result.duration)
    assert result.duration == pytest.approx(len(TEXT) * SECONDS_PER_CHARACTER, abs=0.001)


def test_speech_sends_the_voice_model_format_speed_and_key(provider, emulator):
    provider.speech(SpeechRequest(model="eleven_multilingual_v2", text=TEXT, voice=VOICES[2]["voice_id"], speed=1.1))

    (sent,) = emulator.requests
    assert sent["path"] == f"/v1/text-to-speech/{VOICES[2]['voice_id']}"
    assert sent["query"] == {"output_format": "pcm_24000"}
    assert sent["json"]["text"] == TEXT and sent["json"]["model_id"] == "eleven_multilingual_v2"
    assert sent["json"]["voice_settings"] == {"speed": 1.1}
    assert sent["headers"]["xi-api-key"] == API_KEY


def test_speech_uses_the_default_voice_and_keeps_the_speed_within_elevenlabs_range(provider, emulator):
    """No voice: a premade voice every account has; speeds outside 0.7-1.2 are brought back into it."""
    fast = provider.speech(SpeechRequest(model="eleven_multilingual_v2", text=TEXT, speed=2.0))

    sent = emulator.requests[0]
    assert sent["path"] == f"/v1/text-to-speech/{DEFAULT_VOICE}"
    assert sent["json"]["voice_settings"] == {"speed": 1.2}
    assert fast.duration == pytest.approx(len(TEXT) * SECONDS_PER_CHARACTER / 1.2, abs=0.001)


def test_music_lasts_the_duration_asked(provider, emulator):
    result = provider.music(MUSIC)

    assert result.duration == pytest.approx(12.0)
    with _wav(result.audio.content) as reader:
        assert reader.getnframes() == 12 * 24000
    (sent,) = emulator.requests
    assert sent["path"] == "/v1/music"
    assert sent["json"] == {"prompt": "Un jazz calme au piano", "music_length_ms": 12000, "model_id": "music_v1"}


def test_mp3_output_is_measured_from_its_constant_bit_rate(emulator):
    """With an MP3 format configured, the file is kept as is and its duration follows from size and bit rate."""
    mp3 = ElevenLabsProvider(alias="elevenlabs", api_key=API_KEY, base_url=emulator.url, output_format="mp3_44100_128")

    result = mp3.music(MUSIC)

    assert (result.audio.content_type, result.audio.extension) == ("audio/mpeg", "mp3")
    assert result.duration == pytest.approx(12.0, abs=0.01)
    assert emulator.requests[0]["query"] == {"output_format": "mp3_44100_128"}


def test_unknown_output_format_is_refused_at_configuration():
    with pytest.raises(ValueError):
        ElevenLabsProvider(alias="elevenlabs", api_key=API_KEY, output_format="ogg_44100")


def test_voices_are_listed_once_then_read_from_the_cache(provider, emulator):
    expected = [(voice["voice_id"], voice["name"]) for voice in VOICES]

    assert provider.voices() == expected
    assert provider.voices() == expected
    assert [request["path"] for request in emulator.requests] == ["/v2/voices"]


def test_rate_limit_is_retryable_after_the_announced_delay(provider, emulator):
    """A 429 becomes a retryable RATE_LIMITED error with Retry-After; the SDK itself does not retry."""
    emulator.fail(429, retry_after="7")

    error = raised(lambda: provider.speech(SPEECH))

    assert error.kind == ErrorKind.RATE_LIMITED and error.retryable and error.retry_after == 7.0
    assert error.provider == "elevenlabs"
    assert provider.speech(SPEECH).duration > 0
    assert len(emulator.requests) == 2


def test_server_errors_are_retryable_every_time(provider, emulator):
    emulator.fail(500, always=True)

    for call in (lambda: provider.speech(SPEECH), lambda: provider.music(MUSIC)):
        error = raised(call)
        assert error.kind == ErrorKind.UNAVAILABLE and error.retryable
    assert len(emulator.requests) == 2


def test_a_refused_prompt_is_not_retried(provider, emulator):
    emulator.refuse()

    error = raised(lambda: provider.music(MUSIC))

    assert error.kind == ErrorKind.REFUSED and not error.retryable
    assert "copyrighted" in error.message


def test_an_unknown_voice_is_an_invalid_request(provider):
    error = raised(lambda: provider.speech(SpeechRequest(model="eleven_multilingual_v2", text=TEXT, voice="nope")))

    assert error.kind == ErrorKind.INVALID and not error.retryable


def test_exhausted_quota_makes_the_provider_unavailable(provider, emulator):
    emulator.fail(401, reason="quota_exceeded")

    error = raised(lambda: provider.speech(SPEECH))

    assert error.kind == ErrorKind.AUTHENTICATION
    assert provider.status().available is False


def test_refused_key_makes_the_provider_unavailable_until_a_call_succeeds(emulator, english):
    wrong = ElevenLabsProvider(alias="elevenlabs", api_key="xi-wrong", base_url=emulator.url)

    error = raised(lambda: wrong.speech(SPEECH))

    assert error.kind == ErrorKind.AUTHENTICATION and not error.retryable
    status = wrong.status()
    assert status.available is False and "Invalid API key" in status.reason


def test_slow_answer_times_out_as_unavailable(emulator):
    emulator.delay(1.0)
    impatient = ElevenLabsProvider(alias="elevenlabs", api_key=API_KEY, base_url=emulator.url, timeout=0.2)

    error = raised(lambda: impatient.speech(SPEECH))

    assert error.kind == ErrorKind.UNAVAILABLE and error.retryable


def test_without_a_key_nothing_is_sent(emulator):
    keyless = ElevenLabsProvider(alias="elevenlabs", api_key="", base_url=emulator.url)

    assert keyless.status().available is False
    assert raised(lambda: keyless.music(MUSIC)).kind == ErrorKind.AUTHENTICATION
    assert emulator.requests == []
