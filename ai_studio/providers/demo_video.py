"""Video for the offline demo provider: a short MP4 drawn from the prompt, rendered like a real provider's task.

A demo task lives in the cache: ``video_create`` stores the request, each
``video_poll`` moves it forward (so a page shows its progress bar move), and
``video_download`` draws the frames with Pillow (a drifting gradient, floating
shapes, the prompt as a caption, or the user's picture slowly zoomed) and encodes
them with ffmpeg, over a soft tone.
"""

import hashlib
import io
import math
import random
import uuid

from django.core.cache import cache
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageOps

from webox.demo.images import _caption, _gradient

from ..media import MediaError, frames_encode, probe
from .base import ErrorKind, GeneratedFile, ProviderError, VideoRequest, VideoResult, VideoTask

DEMO_DURATIONS = tuple(range(2, 11))
DEMO_SIZES = {"16:9": (640, 360), "9:16": (360, 640), "1:1": (480, 480)}
DEMO_FPS = 12
DEMO_POLLS = 3  # polls before a demo task is finished
TASK_TIMEOUT = 3600
PALETTE = ((37, 99, 235), (124, 58, 237), (219, 39, 119), (234, 88, 12), (22, 163, 74), (8, 145, 178))


def _key(task_id: str) -> str:
    return f"ai:demo-video:{task_id}"


class DemoVideoMixin:
    """The demo provider's video capability (mixed into ``DemoProvider``)."""

    def video_durations(self, model: str) -> tuple[int, ...]:
        """Return the durations (seconds) the demo renders."""
        return DEMO_DURATIONS

    def video_create(self, request: VideoRequest) -> VideoTask:
        """Check the request and keep it in the cache as a pending task."""
        if round(request.duration) not in DEMO_DURATIONS or request.ratio not in DEMO_SIZES:
            message = gettext("The demo makes videos of 2 to 10 seconds in 16:9, 9:16 or 1:1.")
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=self.alias)
        task_id = uuid.uuid4().hex
        image = request.image.content if request.image else None
        state = {"prompt": request.prompt, "duration": round(request.duration), "ratio": request.ratio}
        cache.set(_key(task_id), {**state, "image": image, "polls": 0}, TASK_TIMEOUT)
        return VideoTask(id=task_id, status="pending")

    def video_poll(self, task_id: str) -> VideoTask:
        """Move the task one step on; it succeeds at the ``DEMO_POLLS``-th poll."""
        state = self._video_state(task_id)
        state["polls"] += 1
        cache.set(_key(task_id), state, TASK_TIMEOUT)
        done = state["polls"] >= DEMO_POLLS
        progress = min(100, state["polls"] * 100 // DEMO_POLLS)
        return VideoTask(id=task_id, status="succeeded" if done else "running", progress=progress)

    def video_download(self, task_id: str) -> VideoResult:
        """Render the finished task's MP4 and forget the task."""
        state = self._video_state(task_id)
        if state["polls"] < DEMO_POLLS:
            raise ProviderError(gettext("This video is not ready yet."), kind=ErrorKind.INVALID, provider=self.alias)
        try:
            content = demo_video_render(
                prompt=state["prompt"], seconds=state["duration"], ratio=state["ratio"], image=state["image"]
            )
            duration = probe(content).duration
        except MediaError as exc:
            raise ProviderError(str(exc), kind=ErrorKind.UNAVAILABLE, provider=self.alias) from exc
        cache.delete(_key(task_id))
        return VideoResult(video=GeneratedFile(content, "video/mp4", "mp4"), duration=duration)

    def _video_state(self, task_id: str) -> dict:
        state = cache.get(_key(task_id))
        if state is None:
            message = gettext("This video task does not exist (or expired).")
            raise ProviderError(message, kind=ErrorKind.INVALID, provider=self.alias)
        return state


def demo_video_render(*, prompt: str, seconds: int, ratio: str, image: bytes | None = None) -> bytes:
    """Return the MP4 bytes of a demo clip for ``prompt``: the same request always draws the same frames."""
    size = DEMO_SIZES[ratio]
    rng = random.Random(hashlib.sha256(f"{prompt}|{ratio}".encode()).digest())
    scene = _Scene(size, rng, f"Démo — {prompt}"[:140], image)
    count = seconds * DEMO_FPS
    frames = (scene.frame(number / count) for number in range(count))
    return frames_encode(frames, size=size, fps=DEMO_FPS, seconds=seconds, tone_hz=rng.choice((196, 220, 262)))


class _Scene:
    """What a demo clip shows; ``frame(t)`` draws it at ``t`` from 0 (start) to 1 (end)."""

    def __init__(self, size: tuple[int, int], rng: random.Random, caption: str, image: bytes | None):
        self.size = size
        width, height = size
        if image:
            picture = Image.open(io.BytesIO(image)).convert("RGB")
            self.background = ImageOps.fit(picture, (width * 5 // 4, height * 5 // 4))
        else:
            self.background = _gradient((width * 2, height), rng.choice(PALETTE), rng)
        self.zoom = bool(image)
        self.shapes = [
            (rng.uniform(0, width), rng.uniform(0, height), rng.uniform(-1, 1), rng.uniform(-1, 1), rng.randint(20, 70))
            for _ in range(rng.randint(4, 7))
        ]
        self.overlay = _caption(Image.new("RGBA", size, (0, 0, 0, 0)), caption)

    def frame(self, t: float) -> Image.Image:
        image = self._background(t).convert("RGBA")
        layer = Image.new("RGBA", self.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        width, height = self.size
        for x, y, dx, dy, radius in self.shapes:
            cx = (x + dx * width * 0.4 * t) % width
            cy = (y + dy * height * 0.3 * math.sin(math.pi * t)) % height
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(255, 255, 255, 60))
        return Image.alpha_composite(Image.alpha_composite(image, layer), self.overlay).convert("RGB")

    def _background(self, t: float) -> Image.Image:
        width, height = self.size
        if self.zoom:  # from the whole picture to its centre, slowly
            big_w, big_h = self.background.size
            crop_w, crop_h = big_w - (big_w - width) * t, big_h - (big_h - height) * t
            left, top = (big_w - crop_w) / 2, (big_h - crop_h) / 2
            return self.background.resize(self.size, box=(left, top, left + crop_w, top + crop_h))
        left = round(width * t)
        return self.background.crop((left, 0, left + width, height))
