"""A local ElevenLabs API for tests: a threaded HTTP server on 127.0.0.1 speaking ElevenLabs' wire format.

It answers the calls WEBOX makes through the official SDK (``ElevenLabs(base_url=emulator.url)``):

- ``POST /v1/text-to-speech/{voice_id}?output_format=...``: the audio's bytes, ``SECONDS_PER_CHARACTER``
  per character of text divided by ``voice_settings.speed``; an unknown voice is a 404;
- ``POST /v1/music?output_format=...``: ``music_length_ms`` of audio;
- ``GET /v2/voices``: the premade voices of ``VOICES``;
- errors in ElevenLabs' shape ``{"detail": {"status", "message"}}``, a 401 for a wrong ``xi-api-key``.

``pcm_<rate>`` answers are 16-bit mono samples (a soft tone); ``mp3_<rate>_<kbps>`` answers are
padding of the size a constant-bit-rate MP3 of that duration has. Tests script trouble with
``fail`` (a status, optionally with ``Retry-After``, once or every time), ``delay``, ``refuse``
(a ``bad_prompt`` 400) and ``pad`` (sounds longer than asked). ``requests`` records what came in.
"""

import json
import math
from array import array
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .local_server import ProviderEmulator

API_KEY = "xi-test-webox-emulator"
SECONDS_PER_CHARACTER = 0.05
VOICES = [
    {"voice_id": "JBFqnCBsd6RMkjVDRZzb", "name": "George", "category": "premade"},
    {"voice_id": "21m00Tcm4TlvDq8ikWAM", "name": "Rachel", "category": "premade"},
    {"voice_id": "pNInz6obpgDQGcFmaJgB", "name": "Adam", "category": "premade"},
]
STATUSES = {
    401: "invalid_api_key",
    429: "too_many_concurrent_requests",
    500: "internal_error",
    503: "system_busy",
}


def elevenlabs_error(status: str, message: str) -> dict:
    """Return an ElevenLabs-shaped error body."""
    return {"detail": {"status": status, "message": message}}


def audio_bytes(output_format: str, seconds: float) -> tuple[bytes, str]:
    """Return ``seconds`` of audio in ``output_format`` and its content type."""
    parts = output_format.split("_")
    rate = int(parts[1]) if len(parts) > 1 else 44100
    if parts[0] == "mp3":
        kbps = int(parts[2]) if len(parts) > 2 else 128
        return b"\xff\xfb" + b"\x00" * (round(seconds * kbps * 1000 / 8) - 2), "audio/mpeg"
    count = round(seconds * rate)
    samples = array("h", (int(8000 * math.sin(2 * math.pi * 220 * index / rate)) for index in range(count)))
    return samples.tobytes(), "audio/pcm"


class _Handler(BaseHTTPRequestHandler):
    server: "ElevenLabsEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.handle_call({})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.handle_call(json.loads(self.rfile.read(length) or b"{}"))

    def handle_call(self, body: dict) -> None:
        url = urlsplit(self.path)
        query = {name: values[-1] for name, values in parse_qs(url.query).items()}
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.record(self.command, url.path, query, headers, body)
        if not self.server.wait_scripted_delay():  # the test that sent it is over: answer nothing
            self.close_connection = True
            return
        if self.headers.get("xi-api-key") != self.server.api_key:
            self.send_json(401, elevenlabs_error("invalid_api_key", "Invalid API key"))
            return
        failure = self.server.next_failure()
        if failure is not None:
            self.send_json(*failure)
            return
        self.server.route(self, self.command, url.path, query, body)

    def send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        self.send_bytes(status, json.dumps(body).encode(), "application/json", headers)

    def send_bytes(self, status: int, data: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("request-id", self.server.next_id())
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class ElevenLabsEmulator(ProviderEmulator):
    """Start with ``ElevenLabsEmulator().start()``; ``url`` is the SDK's ``base_url``; ``reset()`` between tests."""

    handler_class = _Handler
    default_api_key = API_KEY

    def reset(self) -> None:
        super().reset()
        self.padding_seconds = 0.0

    # ------------------------------------------------------------------ scripting
    def pad(self, seconds: float) -> None:
        """Make every sound ``seconds`` longer than asked, as a provider rounding the length up generously."""
        self.padding_seconds = seconds

    def fail(self, status: int, *, retry_after: str = "", always: bool = False, reason: str = "") -> None:
        """Answer the next request (or every one) with this error status (``reason``: the ``detail.status``)."""
        body = elevenlabs_error(reason or STATUSES.get(status, "error"), f"Emulated error {status}.")
        failure = (status, body, {"retry-after": retry_after} if retry_after else {})
        self.failure_add(failure, always=always)

    def refuse(self) -> None:
        """Refuse the next prompts, as ElevenLabs does for a prompt naming an artist or a copyrighted song."""
        self.refusing = True

    # ------------------------------------------------------------------ plumbing
    def record(self, method: str, path: str, query: dict, headers: dict, body: dict) -> None:
        with self.lock:
            self.requests.append({"method": method, "path": path, "query": query, "headers": headers, "json": body})

    def route(self, handler: _Handler, method: str, path: str, query: dict, body: dict) -> None:
        if method == "GET" and path == "/v2/voices":
            handler.send_json(200, {"voices": VOICES, "has_more": False, "total_count": len(VOICES)})
        elif method == "POST" and path.startswith("/v1/text-to-speech/"):
            self.speech(handler, path.rsplit("/", 1)[1], query, body)
        elif method == "POST" and path == "/v1/music":
            self.music(handler, query, body)
        else:
            handler.send_json(404, elevenlabs_error("not_found", f"Unknown request URL: {method} {path}."))

    # ------------------------------------------------------------------ answers
    def speech(self, handler: _Handler, voice_id: str, query: dict, body: dict) -> None:
        if voice_id not in {voice["voice_id"] for voice in VOICES}:
            handler.send_json(404, elevenlabs_error("voice_not_found", f"A voice with id {voice_id} was not found."))
            return
        speed = (body.get("voice_settings") or {}).get("speed") or 1.0
        seconds = len(body["text"]) * SECONDS_PER_CHARACTER / speed + self.padding_seconds
        handler.send_bytes(200, *audio_bytes(query.get("output_format", "mp3_44100_128"), seconds))

    def music(self, handler: _Handler, query: dict, body: dict) -> None:
        if self.refusing:
            message = "The prompt names a copyrighted work; try the suggested prompt."
            handler.send_json(400, elevenlabs_error("bad_prompt", message))
            return
        seconds = (body.get("music_length_ms") or 30000) / 1000 + self.padding_seconds
        handler.send_bytes(200, *audio_bytes(query.get("output_format", "mp3_44100_128"), seconds))
