"""A local Stability AI API for tests: a threaded HTTP server on 127.0.0.1 speaking its REST format.

It answers ``POST /v2beta/stable-image/generate/{ultra,core,sd3}`` as Stability does: the request
is ``multipart/form-data`` (``prompt``, ``aspect_ratio``, ``output_format``, optional ``model``,
``style_preset``, ``negative_prompt``, ``seed``); with ``Accept: image/*`` the answer is the image's
bytes with ``finish-reason`` and ``seed`` headers, with ``Accept: application/json`` it is
``{"image": base64, "finish_reason", "seed"}``. Errors are JSON ``{"id", "name", "errors": [...]}``:
401 for a wrong key, 402 for an empty account, 403 ``content_moderation`` for a flagged prompt.
Tests script trouble with ``fail``, ``delay`` and ``refuse``; ``requests`` records what came in.
"""

import base64
import io
import json
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler

from PIL import Image

from .local_server import ProviderEmulator

API_KEY = "sk-stability-test-webox-emulator"
ENDPOINTS = ("ultra", "core", "sd3")
NAMES = {400: "bad_request", 401: "unauthorized", 402: "payment_required", 403: "forbidden", 429: "rate_limit_exceeded"}
RATIOS = {"1:1": (1, 1), "16:9": (16, 9), "9:16": (9, 16), "3:2": (3, 2), "2:3": (2, 3)}


def stability_error(status: int, message: str, *, name: str = "") -> dict:
    """Return a Stability-shaped error body."""
    return {"id": f"err{status}", "name": name or NAMES.get(status, "server_error"), "errors": [message]}


def parse_form(content_type: str, data: bytes) -> dict:
    """Decode a ``multipart/form-data`` body into ``{name: text}``."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + data)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[name] = part.get_payload(decode=True).decode()
    return fields


def image_bytes(aspect_ratio: str, output_format: str) -> bytes:
    width, height = RATIOS.get(aspect_ratio, (1, 1))
    buffer = io.BytesIO()
    Image.new("RGB", (width * 64, height * 64), (160, 96, 32)).save(buffer, format=output_format.upper())
    return buffer.getvalue()


class _Handler(BaseHTTPRequestHandler):
    server: "StabilityEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fields = parse_form(self.headers.get("Content-Type", ""), data) if data else {}
        self.server.record(self.path, {k.lower(): v for k, v in self.headers.items()}, fields)
        if not self.server.wait_scripted_delay():  # the test that sent it is over: answer nothing
            self.close_connection = True
            return
        if self.headers.get("Authorization") != f"Bearer {self.server.api_key}":
            self.send(401, json.dumps(stability_error(401, "Missing or invalid API key.")).encode())
            return
        failure = self.server.next_failure()
        if failure is not None:
            status, body, headers = failure
            self.send(status, json.dumps(body).encode(), headers=headers)
            return
        self.generate(fields)

    def generate(self, fields: dict) -> None:
        endpoint = self.path.split("?")[0].removeprefix("/v2beta/stable-image/generate/")
        if endpoint not in ENDPOINTS or not fields.get("prompt"):
            self.send(
                400 if fields else 404, json.dumps(stability_error(400, "Unknown endpoint or no prompt.")).encode()
            )
            return
        output_format = fields.get("output_format", "png")
        content = image_bytes(fields.get("aspect_ratio", "1:1"), output_format)
        meta = {"finish-reason": "SUCCESS", "seed": fields.get("seed") or "42"}
        if self.headers.get("Accept") == "application/json":
            body = {"image": base64.b64encode(content).decode(), "finish_reason": "SUCCESS", "seed": int(meta["seed"])}
            self.send(200, json.dumps(body).encode(), headers=meta)
        else:
            self.send(200, content, content_type=f"image/{output_format}", headers=meta)

    def send(self, status: int, data: bytes, *, content_type: str = "application/json", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class StabilityEmulator(ProviderEmulator):
    """Start with ``StabilityEmulator().start()``; ``url`` is the adapter's ``base_url``; ``reset()`` between tests."""

    handler_class = _Handler
    default_api_key = API_KEY

    def fail(self, status: int, *, retry_after: str = "", always: bool = False) -> None:
        """Answer the next request (or every one) with this error status."""
        failure = (
            status,
            stability_error(status, f"Emulated error {status}."),
            {"retry-after": retry_after} if retry_after else {},
        )
        self.failure_add(failure, always=always)

    def refuse(self) -> None:
        """Flag the next prompts, as Stability's moderation does (403 ``content_moderation``)."""
        message = "Your request was flagged by our content moderation system."
        with self.lock:
            self.always_failure = (403, stability_error(403, message, name="content_moderation"), {})

    def record(self, path: str, headers: dict, fields: dict) -> None:
        with self.lock:
            self.requests.append({"path": path, "headers": headers, "form": fields})
