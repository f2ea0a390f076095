"""The offline demo provider ("Démo (hors ligne)"): deterministic answers and pictures, no network.

The default in development, so a newcomer can chat and generate images
without any key. Every answer says it comes from the demo; tokens are counted
as words so that credits are spent as with a real provider.
"""

import hashlib
import io
import random
import time
from collections.abc import Iterator

from django.conf import settings

from webox.demo.images import _caption, _gradient, _shapes

from .base import (
    ChatDelta,
    ChatRequest,
    ChatResult,
    GeneratedFile,
    ImageRequest,
    ImageResult,
    ProviderStatus,
    Usage,
)
from .demo_audio import DemoAudioMixin
from .demo_video import DemoVideoMixin

ANSWER_TEMPLATE = (
    "(Réponse de démonstration, générée hors ligne par WEBOX : aucun modèle d'IA n'a été appelé.)\n\n"
    "Vous avez demandé : « {subject} ».\n\n"
    "Voici comment un assistant pourrait aborder la question :\n"
    "1. Préciser l'objectif et le public visé par « {topic} ».\n"
    "2. Rassembler les faits et les exemples utiles.\n"
    "3. Rédiger une première version courte, puis l'améliorer.\n\n"
    "Pour une vraie réponse, choisissez un modèle d'un fournisseur configuré (OpenAI, Anthropic...)."
)
PALETTE = ("#2563eb", "#7c3aed", "#db2777", "#ea580c", "#16a34a", "#0891b2")
MAX_SIDE = 1024


def _words(text: str) -> int:
    return len(text.split())


def _last_user_message(request: ChatRequest) -> str:
    for message in reversed(request.messages):
        if message.role == "user":
            return message.content.strip()
    return ""


def _size(value: str) -> tuple[int, int]:
    """Parse ``WIDTHxHEIGHT``, each side kept between 64 and 1024 pixels (512 when unreadable)."""
    try:
        width, height = (int(part) for part in value.lower().split("x", 1))
    except ValueError:
        width = height = 512
    return max(64, min(width, MAX_SIDE)), max(64, min(height, MAX_SIDE))


class DemoProvider(DemoAudioMixin, DemoVideoMixin):
    """Chat and images drawn locally; the same request always gives the same result."""

    label = "Démo (hors ligne)"
    is_demo = True

    def __init__(self, *, alias: str = "demo"):
        self.alias = alias

    def status(self) -> ProviderStatus:
        return ProviderStatus(available=True)

    def answer(self, request: ChatRequest) -> str:
        """Return the templated answer to the last user message of ``request``."""
        prompt = " ".join(_last_user_message(request).split()) or "…"
        subject = prompt if len(prompt) <= 200 else prompt[:199] + "…"
        topic = " ".join(prompt.split()[:6])
        return ANSWER_TEMPLATE.format(subject=subject, topic=topic)

    def _usage(self, request: ChatRequest, text: str) -> Usage:
        prompt_words = sum(_words(message.content) for message in request.messages)
        return Usage(input_tokens=prompt_words, output_tokens=min(_words(text), request.max_tokens))

    def chat(self, request: ChatRequest) -> ChatResult:
        text = self.answer(request)
        return ChatResult(text=text, usage=self._usage(request, text))

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]:
        """Yield the answer word by word (with its spacing), then the usage and finish reason."""
        text = self.answer(request)
        pieces = text.split(" ")
        for index, piece in enumerate(pieces):
            time.sleep(settings.AI_DEMO_STREAM_DELAY)  # a visible stream in development and browser tests
            yield ChatDelta(text=piece if index == len(pieces) - 1 else piece + " ")
        yield ChatDelta(usage=self._usage(request, text), finish_reason="stop")

    def image(self, request: ImageRequest) -> ImageResult:
        count = max(1, request.count)
        return ImageResult(images=tuple(self._picture(request, number) for number in range(count)))

    def _picture(self, request: ImageRequest, number: int) -> GeneratedFile:
        seed = f"{request.prompt}|{request.style}|{request.size}|{number}"
        rng = random.Random(hashlib.sha256(seed.encode()).digest())
        colour = tuple(int(PALETTE[rng.randrange(len(PALETTE))][i : i + 2], 16) for i in (1, 3, 5))
        image = _gradient(_size(request.size), colour, rng)
        image = _caption(_shapes(image, rng), f"Démo — {request.prompt}"[:140])
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", optimize=True)
        return GeneratedFile(content=buffer.getvalue(), content_type="image/png", extension="png")
