"""The ``short`` builder: a script (written, or drafted by the chat model from a topic) → scenes → one
picture and one narration per scene → a vertical 1080x1920 MP4 with the narration and burned-in subtitles.

Each scene's picture stays on screen exactly as long as its narration, its text
shown as subtitles in pieces timed by their length. The cost adds the chat tokens,
the pictures, the seconds of speech and ``AI_BUILDER_PRICES["short_per_second"]``
per second of video assembled.
"""

import io
import math
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from webox.common.errors import ApplicationError

from ..catalogue import AiModel, model_default, model_get
from ..errors import AiErrorCode
from ..media import Slide, probe, slideshow_encode, subtitle_chunks, subtitle_draw, vertical_fit
from ..providers import (
    AudioResult,
    ChatRequest,
    ErrorKind,
    GeneratedFile,
    ImageRequest,
    ProviderError,
    SpeechRequest,
    Usage,
    messages_tuple,
    provider_get,
)
from .audio import speech_seconds_estimate
from .kinds import JobContext, JobKind, Outcome
from .params import int_param, invalid

SHORT_SIZE = (1080, 1920)
DEFAULT_SCENES, MAX_SCENES = 4, 8
SCENE_MAX_WORDS = 30
SCRIPT_MAX_CHARACTERS = 2000
TOPIC_MAX_CHARACTERS = 200
SCRIPT_MAX_TOKENS = 800
CHARACTERS_PER_WORD = 8  # an upper bound, space included, for a script not written yet
PICTURE_SIZE = "1024x1536"
BULLET = re.compile(r"^\s*(?:[-•*]|\d+\s*[.):]|(?:sc[eè]ne|scene)\s*\d+\s*[:.\-]?)\s*", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
SCRIPT_SYSTEM_PROMPT = (
    "You write the narration of a vertical short video (TikTok, Reels, Shorts). Write exactly {scenes} scenes, "
    "one per line, each a single spoken sentence of at most 25 words, in the language of the topic. "
    "No numbering, no titles, no stage directions: only what the voice says."
)


def short_params_clean(params: dict) -> dict[str, Any]:
    """Return a short's parameters: a ``script``, or a ``topic`` and the number of ``scenes`` to write."""
    script, topic = params.get("script") or "", params.get("topic") or ""
    if not isinstance(script, str) or not isinstance(topic, str) or bool(script.strip()) == bool(topic.strip()):
        raise invalid("params", _("Give either a script or a topic (one of the two)."))
    if script.strip():
        if len(script) > SCRIPT_MAX_CHARACTERS:
            message = _("The script is too long (%(limit)d characters at most).")
            raise invalid("params", message % {"limit": SCRIPT_MAX_CHARACTERS})
        return {"script": script.strip()}
    if len(topic) > TOPIC_MAX_CHARACTERS:
        message = _("The topic is too long (%(limit)d characters at most).")
        raise invalid("params", message % {"limit": TOPIC_MAX_CHARACTERS})
    return {"topic": " ".join(topic.split()), "scenes": int_param(params, "scenes", DEFAULT_SCENES, 2, MAX_SCENES)}


def scenes_split(script: str, *, limit: int = MAX_SCENES) -> list[str]:
    """Cut a script into at most ``limit`` scenes: one per line (without bullets or numbers), long lines by sentence."""
    pieces: list[str] = []
    for line in script.splitlines():
        line = " ".join(BULLET.sub("", line).split())
        for sentence in SENTENCE_END.split(line) if len(line.split()) > SCENE_MAX_WORDS else [line]:
            if sentence.strip():
                pieces.append(sentence.strip())
    if len(pieces) <= limit:
        return pieces
    size = math.ceil(len(pieces) / limit)
    return [" ".join(pieces[start : start + size]) for start in range(0, len(pieces), size)]


def _model_chosen(setting: str, capability: str) -> AiModel:
    """Return the model named by ``setting`` when it serves, else the first available of ``capability``."""
    try:
        model = model_get(model_id=setting)
    except ApplicationError:
        model = None
    if model is None or model.capability != capability or not model.available:
        model = model_default(capability=capability)
    if model is None:
        message = _("No %(capability)s model can serve right now.") % {"capability": capability}
        raise ApplicationError(message, code=AiErrorCode.MODEL_UNAVAILABLE, extra={"fields": {"params": [message]}})
    return model


def short_models() -> tuple[AiModel, AiModel]:
    """Return the image and speech models the shorts builder uses."""
    return (
        _model_chosen(settings.AI_SHORTS_IMAGE_MODEL, "image"),
        _model_chosen(settings.AI_SHORTS_SPEECH_MODEL, "speech"),
    )


def short_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the most a short may cost: the script's tokens, a picture and a narration per scene, the assembly."""
    image_model, speech_model = short_models()
    if "script" in params:
        texts, tokens = scenes_split(params["script"]), 0
    else:
        texts = ["x" * SCENE_MAX_WORDS * CHARACTERS_PER_WORD] * params["scenes"]
        words = len(SCRIPT_SYSTEM_PROMPT.split()) + len(params["topic"].split())
        tokens = model.tokens_cost(input_tokens=words * 2, output_tokens=SCRIPT_MAX_TOKENS)
    seconds = sum(speech_seconds_estimate(text, 1.0) for text in texts)
    return (
        tokens
        + image_model.images_cost(count=len(texts))
        + speech_model.seconds_cost(seconds=seconds)
        + math.ceil(seconds) * settings.AI_BUILDER_PRICES["short_per_second"]
    )


def _script_write(model: AiModel, params: dict[str, Any]) -> tuple[list[str], Usage]:
    """Ask the chat model for the scenes of ``params["topic"]``; return them (trimmed) and the tokens used."""
    system = SCRIPT_SYSTEM_PROMPT.format(scenes=params["scenes"])
    messages = messages_tuple([("system", system), ("user", params["topic"])])
    result = provider_get(model.provider).chat(
        ChatRequest(model=model.model, messages=messages, max_tokens=SCRIPT_MAX_TOKENS)
    )
    scenes = [" ".join(scene.split()[:SCENE_MAX_WORDS]) for scene in scenes_split(result.text)][: params["scenes"]]
    if not scenes:
        raise ProviderError(_("The model wrote no script."), kind=ErrorKind.INVALID, provider=model.provider)
    return scenes, result.usage


def _picture(model: AiModel, scene: str, topic: str) -> Image.Image:
    prompt = f"{topic} — {scene}" if topic else scene
    result = provider_get(model.provider).image(ImageRequest(model=model.model, prompt=prompt, size=PICTURE_SIZE))
    return vertical_fit(Image.open(io.BytesIO(result.images[0].content)), SHORT_SIZE)


def short_slides(scenes: list[str], pictures: list[Image.Image], durations: list[float]) -> list[Slide]:
    """Return the slides of every scene: its picture with each piece of its subtitle, timed by the piece's length."""
    slides = []
    for scene, picture, seconds in zip(scenes, pictures, durations, strict=True):
        chunks = subtitle_chunks(scene) or [""]
        total = sum(len(chunk) for chunk in chunks) or 1
        slides += [Slide(subtitle_draw(picture, chunk), seconds * len(chunk) / total) for chunk in chunks]
    return slides


def short_run(context: JobContext) -> Outcome:
    """Write or split the script, draw and voice every scene, assemble the MP4; cost on what was really made."""
    model, params = context.model, context.job.params
    context.progress(12, _("Script"))
    usage, chat_cost = Usage(), 0
    if "topic" in params:
        scenes, usage = _script_write(model, params)
        chat_cost = model.tokens_cost(input_tokens=usage.input_tokens, output_tokens=usage.output_tokens)
    else:
        scenes = scenes_split(params["script"])
    image_model, speech_model = short_models()
    pictures = []
    for number, scene in enumerate(scenes, start=1):
        stage = _("Images %(done)d/%(total)d") % {"done": number, "total": len(scenes)}
        context.progress(15 + 40 * (number - 1) // len(scenes), stage)
        pictures.append(_picture(image_model, scene, params.get("topic", "")))
    context.progress(58, _("Voice"))
    voices = [_narration(speech_model, scene) for scene in scenes]
    context.progress(80, _("Editing"))
    durations = [voice.duration for voice in voices]
    video = _assemble(scenes, pictures, voices)
    seconds = math.ceil(round(probe(video).duration, 1))
    cost = (
        chat_cost
        + image_model.images_cost(count=len(pictures))
        + speech_model.seconds_cost(seconds=sum(durations))
        + seconds * settings.AI_BUILDER_PRICES["short_per_second"]
    )
    return Outcome(files=[GeneratedFile(video, "video/mp4", "mp4")], usage=usage, cost=context.charge(cost))


def _narration(model: AiModel, scene: str) -> AudioResult:
    return provider_get(model.provider).speech(SpeechRequest(model=model.model, text=scene))


def _assemble(scenes: list[str], pictures: list[Image.Image], voices: list[AudioResult]) -> bytes:
    slides = short_slides(scenes, pictures, [voice.duration for voice in voices])
    sounds = [voice.audio.content for voice in voices]
    return slideshow_encode(slides, sounds=sounds, size=SHORT_SIZE, fps=settings.AI_SHORTS_FPS)


def short_free_text(params: dict[str, Any]) -> tuple[str, str]:
    """Return the script or the topic the person wrote, to be moderated."""
    return ("script", params["script"]) if "script" in params else ("topic", params["topic"])


SHORT = JobKind(
    capability="chat",
    clean=short_params_clean,
    estimate=short_cost_estimate,
    run=short_run,
    prompt_required=False,
    free_text=short_free_text,
)
