"""Small helpers for the sound files adapters return: wrap raw PCM in a WAV, measure a WAV or a CBR MP3."""

import io
import wave
from array import array

from django.utils.translation import gettext

from .base import ErrorKind, GeneratedFile, ProviderError

SAMPLE_WIDTH = 2  # 16-bit signed little-endian, what every provider's "pcm" means


def wav_from_pcm(pcm: bytes, *, rate: int, channels: int = 1) -> bytes:
    """Wrap 16-bit little-endian PCM samples in a WAV container."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(rate)
        writer.writeframes(pcm[: len(pcm) - len(pcm) % (SAMPLE_WIDTH * channels)])
    return buffer.getvalue()


def wav_from_samples(samples: array, *, rate: int) -> bytes:
    """Return a mono 16-bit WAV of ``samples`` (an ``array('h')``)."""
    return wav_from_pcm(samples.tobytes(), rate=rate)


def wav_duration(content: bytes) -> float:
    """Return how many seconds a WAV lasts, read from its header; raise ``wave.Error``/``EOFError`` when unreadable."""
    with wave.open(io.BytesIO(content), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def wav_file(content: bytes, *, provider: str) -> tuple[GeneratedFile, float]:
    """Return a provider's WAV answer as a file and its duration; an unreadable one is a retryable failure."""
    try:
        duration = wav_duration(content)
    except (wave.Error, EOFError, ZeroDivisionError) as exc:
        message = gettext("The provider returned an unreadable sound file.")
        raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider) from exc
    if duration <= 0:
        message = gettext("The provider returned an empty sound file.")
        raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider)
    return GeneratedFile(content=content, content_type="audio/wav", extension="wav"), duration


def mp3_cbr_duration(content: bytes, *, kbps: int) -> float:
    """Return the duration of a constant-bit-rate MP3 of ``kbps`` kilobits per second (ID3 tag left out)."""
    size = len(content)
    if content[:3] == b"ID3" and size >= 10:
        tag = content[6:10]
        size -= 10 + (tag[0] << 21 | tag[1] << 14 | tag[2] << 7 | tag[3])
    return max(size, 0) * 8 / (kbps * 1000)
