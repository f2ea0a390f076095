"""Download a finished video from the short-lived address a provider gives, and check it is a playable MP4."""

import httpx
from django.utils.translation import gettext

from ..media import MediaError, probe
from .base import ErrorKind, GeneratedFile, ProviderError, VideoResult

MAX_VIDEO_BYTES = 300 * 1024 * 1024


def video_fetch(url: str, *, provider: str, timeout: float) -> VideoResult:
    """Return the MP4 at ``url`` and its real duration; a failed download is retryable (``UNAVAILABLE``)."""
    try:
        content = _download(url, timeout=timeout)
    except (httpx.HTTPError, ValueError) as exc:
        message = gettext("The video could not be downloaded from the provider.")
        raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider) from exc
    try:
        if content[4:8] != b"ftyp":
            raise MediaError("not an MP4 file")
        duration = probe(content).duration
    except MediaError as exc:
        message = gettext("The provider returned an unreadable video.")
        raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider) from exc
    return VideoResult(video=GeneratedFile(content, "video/mp4", "mp4"), duration=duration)


def _download(url: str, *, timeout: float) -> bytes:
    """Read the file at ``url``, refusing an error status or more than ``MAX_VIDEO_BYTES``."""
    chunks, size = [], 0
    with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_VIDEO_BYTES:
                raise ValueError("video too large")
            chunks.append(chunk)
    return b"".join(chunks)
