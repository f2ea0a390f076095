"""A local Gemini API for tests: a threaded HTTP server on 127.0.0.1 speaking the Gemini API's wire format.

It answers the calls WEBOX makes through the official SDK
(``genai.Client(api_key=..., http_options=HttpOptions(base_url=emulator.url))``, API version ``v1``):

- ``POST /v1/models/{model}:generateContent``: ``{candidates: [{content: {parts, role}, finishReason}],
  usageMetadata: {promptTokenCount, candidatesTokenCount, totalTokenCount}}``;
- ``POST /v1/models/{model}:streamGenerateContent?alt=sse``: the same, one ``data:`` event per word,
  the last one with ``finishReason`` and the full usage (earlier ones carry only the prompt count);
- errors in Google's shape ``{"error": {"code", "message", "status", "details"}}``. A wrong key is a
  400 ``INVALID_ARGUMENT`` with an ``ErrorInfo`` reason ``API_KEY_INVALID``, as Gemini answers; a 429
  names its delay in a ``RetryInfo`` detail (``retryDelay: "12s"``), not in a header.

The answer echoes the last user message and counts one token per word. ``refuse()`` blocks the
prompt (``promptFeedback.blockReason: SAFETY``, no candidates); ``fail`` and ``delay`` script trouble.
"""

import json
from http.server import BaseHTTPRequestHandler

from .local_server import ProviderEmulator

API_KEY = "AIza-test-webox-emulator"
STATUSES = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND"}
STATUSES |= {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}


def google_error(code: int, message: str, details: list | None = None) -> dict:
    """Return a Google-shaped error body."""
    return {
        "error": {"code": code, "message": message, "status": STATUSES.get(code, "UNKNOWN"), "details": details or []}
    }


def text_of(content: dict) -> str:
    return "".join(part.get("text", "") for part in content.get("parts", []))


class _Handler(BaseHTTPRequestHandler):
    server: "GeminiEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        self.server.record(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        if not self.server.wait_scripted_delay():  # the test that sent it is over: answer nothing
            self.close_connection = True
            return
        if self.headers.get("x-goog-api-key") != self.server.api_key:
            reason = {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}
            self.send_json(400, google_error(400, "API key not valid. Please pass a valid API key.", [reason]))
            return
        failure = self.server.next_failure()
        if failure is not None:
            self.send_json(*failure)
            return
        self.server.route(self, body)

    def send_json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_events(self, chunks: list[dict]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(f"data: {json.dumps(chunk)}\r\n\r\n".encode())
            self.wfile.flush()
        self.close_connection = True


class GeminiEmulator(ProviderEmulator):
    """Start with ``GeminiEmulator().start()``; ``url`` is ``HttpOptions.base_url``; ``reset()`` between tests."""

    handler_class = _Handler
    default_api_key = API_KEY
    url_path = "/"

    # ------------------------------------------------------------------ scripting
    def fail(self, status: int, *, retry_delay: str = "", always: bool = False) -> None:
        """Answer the next request (or every one) with this error status (a 429 may name its delay)."""
        details = (
            [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay}] if retry_delay else []
        )
        failure = (status, google_error(status, f"Emulated error {status}.", details))
        self.failure_add(failure, always=always)

    def refuse(self) -> None:
        """Block the next prompts for safety, as Gemini does."""
        self.refusing = True

    def record(self, path: str, headers: dict, body: dict) -> None:
        with self.lock:
            self.requests.append({"path": path, "headers": headers, "json": body})

    # ------------------------------------------------------------------ answers
    def route(self, handler: _Handler, body: dict) -> None:
        path = handler.path
        if ":streamGenerateContent" in path:
            handler.send_events(self.chunks(body))
        elif path.endswith(":generateContent"):
            handler.send_json(200, self.answer(body))
        else:
            handler.send_json(404, google_error(404, f"Unknown path {path}."))

    def words(self, body: dict) -> list[str]:
        users = [text_of(content) for content in body.get("contents", []) if content.get("role") == "user"]
        return f"Emulated answer to: {users[-1] if users else ''}".split(" ")

    def prompt_tokens(self, body: dict) -> int:
        contents = [*body.get("contents", []), body.get("systemInstruction") or {}]
        return sum(len(text_of(content).split()) for content in contents)

    def usage(self, body: dict, output: int | None) -> dict:
        prompt = self.prompt_tokens(body)
        if output is None:
            return {"promptTokenCount": prompt, "totalTokenCount": prompt}
        return {"promptTokenCount": prompt, "candidatesTokenCount": output, "totalTokenCount": prompt + output}

    def blocked(self, body: dict) -> dict:
        return {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": self.usage(body, None)}

    def answer(self, body: dict) -> dict:
        if self.refusing:
            return self.blocked(body)
        words = self.words(body)
        candidate = {"content": {"parts": [{"text": " ".join(words)}], "role": "model"}, "finishReason": "STOP"}
        return {"candidates": [candidate], "usageMetadata": self.usage(body, len(words)), "modelVersion": "emulated"}

    def chunks(self, body: dict) -> list[dict]:
        if self.refusing:
            return [self.blocked(body)]
        words = self.words(body)
        pieces = []
        for index, word in enumerate(words):
            last = index == len(words) - 1
            candidate = {"content": {"parts": [{"text": word if index == 0 else f" {word}"}], "role": "model"}}
            if last:
                candidate["finishReason"] = "STOP"
            pieces.append({"candidates": [candidate], "usageMetadata": self.usage(body, len(words) if last else None)})
        return pieces
