"""What every AI provider adapter offers, per capability, with plain frozen dataclasses in and out.

Adapters wrap an official SDK (or a documented REST API) and never let its
objects escape: callers see only these types and ``ProviderError``. They are
configured by alias in ``settings.AI_PROVIDERS`` (``CLASS``, ``OPTIONS``) and
loaded by ``webox.common.registry.Registry``; each instance gets ``alias`` and
its options as keyword arguments.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable


class Capability(StrEnum):
    CHAT = "chat"
    IMAGE = "image"
    SPEECH = "speech"
    MUSIC = "music"
    VIDEO = "video"


class ErrorKind(StrEnum):
    """Why a provider call failed, which decides what the job does next."""

    RATE_LIMITED = "rate_limited"  # 429: retry with backoff
    UNAVAILABLE = "unavailable"  # 5xx, timeout, connection error: retry with backoff
    REFUSED = "refused"  # content policy: fail with a clear message, no retry
    AUTHENTICATION = "authentication"  # bad or missing key: the provider is shown as unavailable
    INVALID = "invalid"  # a request the provider rejects (bad model, bad size): fail, no retry


class ProviderError(Exception):
    """A normalised provider failure; ``retryable`` says whether the task should try again."""

    def __init__(self, message: str, *, kind: ErrorKind, provider: str = "", retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.provider = provider
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in (ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE)


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class ChatRequest:
    model: str  # the provider's model id
    messages: tuple[ChatMessage, ...]
    max_tokens: int = 1024
    temperature: float | None = None


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class ChatDelta:
    """One piece of a streamed answer; the last one carries ``usage`` and ``finish_reason``."""

    text: str = ""
    usage: Usage | None = None
    finish_reason: str | None = None


@dataclass(frozen=True)
class ChatResult:
    text: str
    usage: Usage
    finish_reason: str = "stop"


@dataclass(frozen=True)
class ImageRequest:
    model: str
    prompt: str
    size: str = "1024x1024"
    count: int = 1
    style: str = ""


@dataclass(frozen=True)
class GeneratedFile:
    content: bytes
    content_type: str  # e.g. "image/png"
    extension: str  # e.g. "png"


@dataclass(frozen=True)
class ImageResult:
    images: tuple[GeneratedFile, ...]
    revised_prompt: str = ""


@dataclass(frozen=True)
class SpeechRequest:
    model: str
    text: str
    voice: str = ""
    speed: float = 1.0


@dataclass(frozen=True)
class MusicRequest:
    model: str
    prompt: str
    duration: float  # seconds asked


@dataclass(frozen=True)
class AudioResult:
    """A sound file and how many seconds it really lasts (what the credits are settled on)."""

    audio: GeneratedFile
    duration: float


@dataclass(frozen=True)
class VideoRequest:
    model: str
    prompt: str
    duration: float  # seconds asked
    ratio: str = "16:9"
    image: GeneratedFile | None = None  # a first frame to animate, when the provider takes one


@dataclass(frozen=True)
class VideoTask:
    """A video the provider renders asynchronously: created, then polled until it ends."""

    id: str
    status: str  # "pending" | "running" | "succeeded" | "failed"
    progress: int = 0  # 0-100 when the provider reports it
    error: str = ""


@dataclass(frozen=True)
class VideoResult:
    video: GeneratedFile
    duration: float


@dataclass(frozen=True)
class ProviderStatus:
    """Whether the provider can serve now, and why not (shown to users and staff)."""

    available: bool
    reason: str = ""


@runtime_checkable
class ChatProvider(Protocol):
    alias: str
    label: str
    is_demo: bool

    def status(self) -> ProviderStatus: ...

    def chat(self, request: ChatRequest) -> ChatResult: ...

    def chat_stream(self, request: ChatRequest) -> Iterator[ChatDelta]: ...


@runtime_checkable
class ImageProvider(Protocol):
    alias: str
    label: str
    is_demo: bool

    def status(self) -> ProviderStatus: ...

    def image(self, request: ImageRequest) -> ImageResult: ...


@runtime_checkable
class SpeechProvider(Protocol):
    alias: str
    label: str
    is_demo: bool

    def status(self) -> ProviderStatus: ...

    def speech(self, request: SpeechRequest) -> AudioResult: ...


@runtime_checkable
class MusicProvider(Protocol):
    alias: str
    label: str
    is_demo: bool

    def status(self) -> ProviderStatus: ...

    def music(self, request: MusicRequest) -> AudioResult: ...


@runtime_checkable
class VideoProvider(Protocol):
    """Video is asynchronous everywhere: create a task, poll it (the job decides how often), download it."""

    alias: str
    label: str
    is_demo: bool

    def status(self) -> ProviderStatus: ...

    def video_create(self, request: VideoRequest) -> VideoTask: ...

    def video_poll(self, task_id: str) -> VideoTask: ...

    def video_download(self, task_id: str) -> VideoResult: ...


def messages_tuple(items: Sequence[tuple[str, str]]) -> tuple[ChatMessage, ...]:
    """Build chat messages from ``(role, content)`` pairs."""
    return tuple(ChatMessage(role, content) for role, content in items)


__all__ = [
    "AudioResult",
    "Capability",
    "ChatDelta",
    "ChatMessage",
    "ChatProvider",
    "ChatRequest",
    "ChatResult",
    "ErrorKind",
    "GeneratedFile",
    "ImageProvider",
    "ImageRequest",
    "ImageResult",
    "MusicProvider",
    "MusicRequest",
    "ProviderError",
    "ProviderStatus",
    "SpeechProvider",
    "SpeechRequest",
    "Usage",
    "VideoProvider",
    "VideoRequest",
    "VideoResult",
    "VideoTask",
    "messages_tuple",
]
