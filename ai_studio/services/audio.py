"""Speech and music jobs: text read aloud with a voice and a speed, music from a prompt and a duration.

Both reserve an upper bound of the seconds they may last (speech: the text's length at a
slow speaking rate; music: the duration asked and a second of margin) and are settled on
the duration of the file the provider really returned.
"""

import math
import re
from typing import Any

from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError

from ..catalogue import AiModel
from ..providers import MusicRequest, ProviderError, SpeechRequest, provider_get
from .kinds import JobContext, JobKind, Outcome
from .params import invalid

SPEED_RANGE = (0.5, 2.0)
MUSIC_SECONDS = (5, 120)
DEFAULT_MUSIC_SECONDS = 30
SPEECH_MAX_CHARACTERS = 4000  # OpenAI reads 4,096 characters at most per call
SECONDS_PER_CHARACTER = 0.12  # a slow reader: about 8 characters a second at speed 1
SECONDS_PER_DIGIT = 0.5  # "1999" is read as several words
SECONDS_PER_PAUSE = 0.4  # after . , ; : ! ? and line breaks
PAUSES = re.compile(r"[.,;:!?…\n]")
SPEECH_MARGIN_SECONDS = 2
MUSIC_MARGIN_SECONDS = 1  # providers may round the length up a little
VOICE = re.compile(r"^[A-Za-z0-9_+\-]{1,64}$")


def _number(params: dict, name: str, default: float, low: float, high: float) -> float:
    """Return ``params[name]`` (or ``default``), a number from ``low`` to ``high``; refuse anything else."""
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        message = _("%(name)s: give a number from %(low)s to %(high)s.")
        raise invalid("params", message % {"name": name, "low": low, "high": high})
    return float(value)


def speech_params_clean(params: dict) -> dict[str, Any]:
    """Return a speech job's parameters: ``voice`` (empty: the provider's default) and ``speed``."""
    voice = params.get("voice") or ""
    if not isinstance(voice, str) or (voice and not VOICE.match(voice)):
        raise invalid("params", _("voice: give the identifier of one of the model's voices."))
    return {"voice": voice, "speed": _number(params, "speed", 1.0, *SPEED_RANGE)}


def music_params_clean(params: dict) -> dict[str, Any]:
    """Return a music job's parameters: its ``duration`` in seconds."""
    duration = _number(params, "duration", DEFAULT_MUSIC_SECONDS, *MUSIC_SECONDS)
    return {"duration": int(duration) if duration.is_integer() else round(duration, 1)}


def speech_seconds_estimate(text: str, speed: float) -> float:
    """Return the most seconds reading ``text`` at ``speed`` should take (numbers and pauses last longer)."""
    digits = sum(character.isdigit() for character in text)
    slow = (
        len(text) * SECONDS_PER_CHARACTER + digits * SECONDS_PER_DIGIT + len(PAUSES.findall(text)) * SECONDS_PER_PAUSE
    )
    return slow / speed + SPEECH_MARGIN_SECONDS


def speech_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve for reading the prompt aloud; refuse a text too long to read in one go."""
    if len(prompt) > SPEECH_MAX_CHARACTERS:
        message = _("The text is too long to be read aloud (%(limit)d characters at most).")
        raise invalid("prompt", message % {"limit": SPEECH_MAX_CHARACTERS}, "prompt_too_long")
    return model.seconds_cost(seconds=speech_seconds_estimate(prompt, _speed_served(model, params["speed"])))


def _speed_served(model: AiModel, speed: float) -> float:
    """Return the speed ``model``'s provider really reads at: ``speed``, brought within the range it has, if any."""
    bounds = getattr(provider_get(model.provider), "speed_range", None)
    if bounds is None:
        return speed
    slowest, fastest = bounds()
    return min(max(speed, slowest), fastest)


def music_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve for the music asked."""
    return model.seconds_cost(seconds=math.ceil(params["duration"]) + MUSIC_MARGIN_SECONDS)


def speech_run(context: JobContext) -> Outcome:
    """Read the prompt aloud; cost on the real duration of the sound file."""
    job, model = context.job, context.model
    context.progress(20, _("Synthesising the voice"))
    request = SpeechRequest(model=model.model, text=job.prompt, voice=job.params["voice"], speed=job.params["speed"])
    result = provider_get(model.provider).speech(request)
    return Outcome(files=[result.audio], cost=context.charge(model.seconds_cost(seconds=result.duration)))


def music_run(context: JobContext) -> Outcome:
    """Compose the music asked; cost on the real duration of the sound file."""
    job, model = context.job, context.model
    context.progress(20, _("Composing the music"))
    request = MusicRequest(model=model.model, prompt=job.prompt, duration=float(job.params["duration"]))
    result = provider_get(model.provider).music(request)
    return Outcome(files=[result.audio], cost=context.charge(model.seconds_cost(seconds=result.duration)))


def voices_for(model: AiModel) -> list[tuple[str, str]]:
    """Return the ``(id, name)`` voices a speech model offers (empty when its provider cannot list them now)."""
    try:
        provider = provider_get(model.provider)
        lister = getattr(provider, "voices", None)
        return list(lister()) if lister else []
    except (ProviderError, ApplicationError):  # the page still renders, with the default voice only
        return []


SPEECH = JobKind(capability="speech", clean=speech_params_clean, estimate=speech_cost_estimate, run=speech_run)
MUSIC = JobKind(capability="music", clean=music_params_clean, estimate=music_cost_estimate, run=music_run)
