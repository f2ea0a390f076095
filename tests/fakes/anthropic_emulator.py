"""A local Anthropic Messages API for tests: a threaded HTTP server on 127.0.0.1 speaking its wire format.

It answers ``POST /v1/messages`` as the official SDK calls it (``Anthropic(base_url=emulator.url)``):
a JSON ``message``, or with ``stream: true`` named server-sent events (``event: ...\\ndata: ...``):
``message_start`` (input tokens), ``content_block_start``, ``ping``, ``content_block_delta``
(``text_delta``), ``content_block_stop``, ``message_delta`` (stop reason, output tokens), ``message_stop``.
Errors have Anthropic's shape ``{"type": "error", "error": {"type", "message"}}``. The key is accepted
as ``x-api-key`` or as ``Authorization: Bearer`` (SDK 2.x sends the latter); ``anthropic-version``
is required, as the real API requires it.

The answer is deterministic: it echoes the last user message, one word per streamed piece, and
counts one token per word (system prompt included). Tests script trouble with ``fail`` (a status,
optionally with ``retry-after``, once or every time), ``delay`` (a slow answer, for timeouts),
``refuse`` (``stop_reason: "refusal"``) and ``overload_mid_stream`` (an ``error`` event inside a
stream). ``requests`` records what came in.
"""

import json
from http.server import BaseHTTPRequestHandler

from .local_server import ProviderEmulator

API_KEY = "sk-ant-test-webox-emulator"
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    429: "rate_limit_error",
    529: "overloaded_error",
}
REFUSAL_DETAILS = {"type": "refusal", "category": "general_harms", "explanation": "This request is not allowed."}


def anthropic_error(status: int, message: str) -> dict:
    """Return an Anthropic-shaped error body."""
    error_type = ERROR_TYPES.get(status, "api_error")
    return {"type": "error", "error": {"type": error_type, "message": message}, "request_id": "req_emulated"}


def answer_for(messages: list[dict]) -> str:
    """Return the emulator's deterministic answer to a conversation."""
    last = next((message["content"] for message in reversed(messages) if message["role"] == "user"), "")
    return f"Emulated Claude answer to: {last}"


def count_tokens(body: dict) -> int:
    texts = [str(message.get("content", "")) for message in body["messages"]] + [str(body.get("system") or "")]
    return sum(len(text.split()) for text in texts)


class _Handler(BaseHTTPRequestHandler):
    server: "AnthropicEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.record(self.path, {key.lower(): value for key, value in self.headers.items()}, body)
        if not self.server.wait_scripted_delay():  # the test that sent it is over: answer nothing
            self.close_connection = True
            return
        error = self.server.check(self.headers) or self.server.next_failure()
        if error is not None:
            self.send_json(*error)
        elif self.path.split("?")[0] != "/v1/messages":
            self.send_json(404, anthropic_error(404, "Not found"))
        elif body.get("stream"):
            self.send_events(self.server.message_events(body))
        else:
            self.send_json(200, self.server.message(body))

    def send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("request-id", "req_emulated")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_events(self, events: list[dict]) -> None:
        """Send named server-sent events, closing the connection at the end."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for event in events:
            self.wfile.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        self.close_connection = True


class AnthropicEmulator(ProviderEmulator):
    """Start with ``AnthropicEmulator().start()``; ``url`` is the SDK's ``base_url``; ``reset()`` between tests."""

    handler_class = _Handler
    default_api_key = API_KEY

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.overloading_mid_stream = False

    # ------------------------------------------------------------------ scripting
    def fail(self, status: int, *, retry_after: str = "", always: bool = False) -> None:
        """Answer the next request (or every one) with this error status."""
        headers = {"retry-after": retry_after} if retry_after else {}
        failure = (status, anthropic_error(status, f"Emulated error {status}."), headers)
        self.failure_add(failure, always=always)

    def refuse(self) -> None:
        """End the next answers with ``stop_reason: "refusal"``, as Claude's safety classifiers do."""
        self.refusing = True

    def overload_mid_stream(self) -> None:
        """Break the next streams after ``message_start`` with an ``error`` event (``overloaded_error``)."""
        self.overloading_mid_stream = True

    # ------------------------------------------------------------------ plumbing
    def record(self, path: str, headers: dict, body: dict) -> None:
        with self.lock:
            self.requests.append({"method": "POST", "path": path, "headers": headers, "json": body})

    def check(self, headers) -> tuple[int, dict, dict] | None:
        """Refuse a missing or wrong key, and a missing ``anthropic-version``."""
        keys = {headers.get("x-api-key"), (headers.get("Authorization") or "").removeprefix("Bearer ")}
        if self.api_key not in keys:
            return 401, anthropic_error(401, "invalid x-api-key"), {}
        if not headers.get("anthropic-version"):
            return 400, anthropic_error(400, "anthropic-version: header is required"), {}
        return None

    # ------------------------------------------------------------------ answers
    def words(self, body: dict) -> list[str]:
        return [] if self.refusing else answer_for(body["messages"]).split(" ")

    def message(self, body: dict) -> dict:
        words = self.words(body)
        content = [{"type": "text", "text": " ".join(words)}] if words else []
        usage = {"input_tokens": count_tokens(body), "output_tokens": len(words)}
        return {**self.message_head(body), "content": content, **self.stop_fields(), "usage": usage}

    def message_head(self, body: dict) -> dict:
        return {"id": "msg_emulated", "type": "message", "role": "assistant", "model": body["model"]}

    def stop_fields(self) -> dict:
        if self.refusing:
            return {"stop_reason": "refusal", "stop_sequence": None, "stop_details": REFUSAL_DETAILS}
        return {"stop_reason": "end_turn", "stop_sequence": None, "stop_details": None}

    def message_events(self, body: dict) -> list[dict]:
        words = self.words(body)
        start_usage = {"input_tokens": count_tokens(body), "output_tokens": 1}
        start = {**self.message_head(body), "content": [], "stop_reason": None, "stop_sequence": None}
        events = [
            {"type": "message_start", "message": {**start, "usage": start_usage}},
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            {"type": "ping"},
        ]
        if self.overloading_mid_stream:
            return [*events[:1], {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}]
        for index, word in enumerate(words):
            text = word if index == 0 else f" {word}"
            events.append({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}})
        events.append({"type": "content_block_stop", "index": 0})
        events.append({"type": "message_delta", "delta": self.stop_fields(), "usage": {"output_tokens": len(words)}})
        events.append({"type": "message_stop"})
        return events
