"""Speech and music for the offline demo provider: real WAV files, made on this machine, deterministic.

Speech uses espeak-ng (``settings.AI_ESPEAK_BINARY``) when it is installed; without it,
a voice-like pattern of tones, one per syllable, stands in so that the duration still
follows the text. Music is a short melody over chords, chosen from the prompt's hash.
"""

import hashlib
import logging
import math
import random
import re
import subprocess
import tempfile
import wave
from array import array
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .base import AudioResult, GeneratedFile, MusicRequest, SpeechRequest
from .wav import wav_duration, wav_from_samples

logger = logging.getLogger(__name__)

# espeak-ng voice → label shown on the page; the first one is the default.
DEMO_VOICES = {
    "fr": "Français (voix masculine)",
    "fr+f3": "Français (voix féminine)",
    "fr-be": "Français de Belgique",
    "en": "English",
}
ESPEAK_WORDS_PER_MINUTE = 175  # espeak-ng's own default speed
ESPEAK_TIMEOUT = 120
SPEECH_RATE = 16000
MUSIC_RATE = 16000
SYLLABLE_SECONDS = 0.2
VOWELS = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+", re.IGNORECASE)
MAJOR, MINOR = (0, 2, 4, 5, 7, 9, 11), (0, 2, 3, 5, 7, 8, 10)
PROGRESSIONS = ((0, 4, 5, 3), (0, 5, 3, 4), (0, 3, 4, 4), (5, 3, 0, 4))
AMPLITUDE = 32767


def _syllables(word: str) -> int:
    return max(1, len(VOWELS.findall(word)))


def _seeded(*parts) -> random.Random:
    return random.Random(hashlib.sha256("|".join(str(part) for part in parts).encode()).digest())


def _voice(voice: str) -> str:
    return voice if voice in DEMO_VOICES else next(iter(DEMO_VOICES))


def _frequency(semitones_from_a4: float) -> float:
    return 440.0 * 2 ** (semitones_from_a4 / 12)


@lru_cache(maxsize=128)
def _tone(frequency: float, count: int, rate: int, harmonics: tuple[float, ...]) -> tuple[float, ...]:
    """Return ``count`` samples (-1..1) of a tone with its harmonics and a soft attack and release."""
    step = 2 * math.pi * frequency / rate
    edge = max(1, min(count // 4, rate // 50))
    samples = []
    for index in range(count):
        value = sum(weight * math.sin(step * index * (number + 1)) for number, weight in enumerate(harmonics))
        envelope = min(1.0, index / edge, (count - index) / edge)
        samples.append(value * envelope)
    return tuple(samples)


def _mix(target: list[float], start: int, samples: tuple[float, ...], gain: float) -> None:
    end = min(len(target), start + len(samples))
    target[start:end] = [value + gain * sample for value, sample in zip(target[start:end], samples, strict=False)]


def _pcm(samples: list[float]) -> array:
    peak = max((abs(value) for value in samples), default=0.0) or 1.0
    scale = 0.8 * AMPLITUDE / peak
    return array("h", (int(value * scale) for value in samples))


class DemoAudioMixin:
    """``speech()`` and ``music()`` for ``DemoProvider``."""

    def speech(self, request: SpeechRequest) -> AudioResult:
        """Read ``request.text`` aloud with espeak-ng, or with the tone pattern when espeak-ng is missing."""
        content = self._espeak(request)
        if content is None:
            content = wav_from_samples(self._syllable_tones(request), rate=SPEECH_RATE)
        return AudioResult(
            audio=GeneratedFile(content=content, content_type="audio/wav", extension="wav"),
            duration=wav_duration(content),
        )

    def voices(self) -> list[tuple[str, str]]:
        """Return the ``(id, name)`` of the demo's voices (espeak-ng voice names)."""
        return list(DEMO_VOICES.items())

    def music(self, request: MusicRequest) -> AudioResult:
        """Play a melody over four chords, looped for exactly ``request.duration`` seconds."""
        total = round(request.duration * MUSIC_RATE)
        samples = self._melody(request.prompt, total)
        content = wav_from_samples(_pcm(samples), rate=MUSIC_RATE)
        return AudioResult(
            audio=GeneratedFile(content=content, content_type="audio/wav", extension="wav"),
            duration=wav_duration(content),
        )

    # ------------------------------------------------------------------ speech
    def _espeak(self, request: SpeechRequest) -> bytes | None:
        """Return espeak-ng's WAV of the text, or None when the binary is missing or fails."""
        words_per_minute = max(80, min(round(ESPEAK_WORDS_PER_MINUTE * request.speed), 450))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "speech.wav"
            command = [settings.AI_ESPEAK_BINARY, "--stdin", "-v", _voice(request.voice)]
            command += ["-s", str(words_per_minute), "-w", str(path)]
            try:
                subprocess.run(
                    command, input=request.text.encode(), check=True, timeout=ESPEAK_TIMEOUT, capture_output=True
                )
                content = path.read_bytes()
                wav_duration(content)
            except (OSError, subprocess.SubprocessError, wave.Error, EOFError) as exc:
                logger.info("espeak-ng is not usable (%s): the demo speaks with tones", exc)
                return None
        return content

    def _syllable_tones(self, request: SpeechRequest) -> array:
        """Return one amplitude-modulated, voice-like tone per syllable, with pauses between words and sentences."""
        speed = max(0.25, request.speed)
        base = -12.0 if "f" not in _voice(request.voice).split("+")[-1] else -5.0  # A3 or E4-ish
        samples: list[float] = []
        syllable = round(SYLLABLE_SECONDS / speed * SPEECH_RATE)
        for word in request.text.split():
            rng = _seeded(word.lower(), request.voice)
            for _ in range(_syllables(word)):
                pitch = _frequency(base + rng.choice((0, 1, 2, 3, 4)))
                samples.extend(_tone(round(pitch), syllable, SPEECH_RATE, (1.0, 0.5, 0.3, 0.15)))
            pause = 0.35 if word[-1] in ".!?;:," else 0.06
            samples.extend([0.0] * round(pause / speed * SPEECH_RATE))
        return _pcm(samples or [0.0] * syllable)

    # ------------------------------------------------------------------ music
    def _melody(self, prompt: str, total: int) -> list[float]:
        rng = _seeded(prompt)
        scale = rng.choice((MAJOR, MINOR))
        root = rng.randrange(-9, 3)  # from C4 to B4, as semitones from A4
        beat = round(60 / rng.choice((84, 96, 108, 120)) * MUSIC_RATE)
        progression = rng.choice(PROGRESSIONS)
        motif = [rng.randrange(7) for _ in range(8)]
        samples = [0.0] * total
        bar = beat * 4
        for number, start in enumerate(range(0, total, bar)):
            degree = progression[number % len(progression)]
            for offset in (0, 2, 4):  # a triad an octave below the melody
                step = degree + offset
                pitch = _frequency(root - 12 + scale[step % 7] + 12 * (step // 7))
                _mix(samples, start, _tone(round(pitch, 1), bar, MUSIC_RATE, (1.0, 0.3)), 0.25)
            for index in range(4):
                step = (motif[(number * 4 + index) % len(motif)] + degree) % 7
                pitch = _frequency(root + scale[step])
                _mix(samples, start + index * beat, _tone(round(pitch, 1), beat, MUSIC_RATE, (1.0, 0.4, 0.2)), 0.6)
        fade = min(total // 4, MUSIC_RATE)
        for index in range(fade):
            samples[total - 1 - index] *= index / fade
        return samples
