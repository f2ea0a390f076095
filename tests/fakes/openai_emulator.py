"""A local OpenAI API for tests: a threaded HTTP server on 127.0.0.1 speaking OpenAI's wire format.

It answers the calls WEBOX makes through the official SDK (``OpenAI(base_url=emulator.url)``):

- ``POST /v1/chat/completions``: a JSON ``chat.completion``, or with ``stream: true`` server-sent
  events ``data: {chat.completion.chunk}`` ending with ``data: [DONE]``; with
  ``stream_options.include_usage`` a last chunk with no choices carries the usage;
- ``POST /v1/images/generations``: GPT image models, ``data: [{b64_json}]`` PNGs of the asked size;
- ``POST /v1/audio/speech``: a 24 kHz mono WAV lasting ``SPEECH_SECONDS_PER_CHARACTER`` per character
  of the input divided by ``speed`` (only ``response_format: "wav"``; others are a 400);
- ``POST /v1/moderations``: flags an input containing ``FLAGGED_WORD`` (categories ``violence``
  and ``harassment/threatening``);
- errors in OpenAI's shape ``{"error": {"message", "type", "param", "code"}}``, a 401 for a wrong key.

The answer is deterministic: it echoes the last user message, one word per streamed piece, and
counts one token per word. Tests script trouble with ``fail`` (a status, optionally with
``Retry-After``, once or every time), ``delay`` (a slow answer, for timeouts) and ``refuse``
(a chat refusal, or a ``content_policy_violation`` for images). ``requests`` records what came in.
"""

import base64
import io
import json
import time
import wave
from http.server import BaseHTTPRequestHandler

from PIL import Image

from .local_server import ProviderEmulator

API_KEY = "sk-test-webox-emulator"
REFUSAL = "I'm sorry, but I can't help with that request."
SPEECH_SECONDS_PER_CHARACTER = 0.06
FLAGGED_WORD = "massacre"
MODERATION_CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
    "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence",
    "violence/graphic",
)  # fmt: skip


def openai_error(message: str, *, type_: str = "invalid_request_error", code: str | None = None) -> dict:
    """Return an OpenAI-shaped error body."""
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def answer_for(messages: list[dict]) -> str:
    """Return the emulator's deterministic answer to a conversation."""
    last = next((message["content"] for message in reversed(messages) if message["role"] == "user"), "")
    return f"Emulated answer to: {last}"


def count_tokens(messages: list[dict]) -> int:
    return sum(len(str(message.get("content", "")).split()) for message in messages)


def png_bytes(size: str) -> bytes:
    width, height = (int(part) for part in size.split("x")) if "x" in size else (1024, 1024)
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (32, 96, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def wav_bytes(seconds: float, rate: int = 24000) -> bytes:
    """Return a silent mono 16-bit WAV lasting ``seconds``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"\x00\x00" * round(seconds * rate))
    return buffer.getvalue()


class _Handler(BaseHTTPRequestHandler):
    server: "OpenAIEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.record(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        if not self.server.wait_scripted_delay():  # the test that sent it is over: answer nothing
            self.close_connection = True
            return
        if self.headers.get("Authorization") != f"Bearer {self.server.api_key}":
            self.send_json(401, openai_error("Incorrect API key provided.", code="invalid_api_key"))
            return
        failure = self.server.next_failure()
        if failure is not None:
            self.send_json(*failure)
            return
        self.server.route(self, self.path.split("?")[0], body)

    def send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_{self.server.next_id()}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_bytes(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_events(self, chunks: list[dict]) -> None:
        """Send chunks as server-sent events, then ``[DONE]``, closing the connection at the end."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.close_connection = True


class OpenAIEmulator(ProviderEmulator):
    """Start with ``OpenAIEmulator().start()``; ``url`` is the SDK's ``base_url``; ``reset()`` between tests."""

    handler_class = _Handler
    default_api_key = API_KEY
    url_path = "/v1"

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.scripted: list[str] = []

    # ------------------------------------------------------------------ scripting
    def fail(self, status: int, *, code: str | None = None, retry_after: str = "", always: bool = False) -> None:
        """Answer the next request (or every one) with this error status."""
        kinds = {429: "rate_limit_exceeded", 401: "invalid_request_error"}
        body = openai_error(f"Emulated error {status}.", type_=kinds.get(status, "server_error"), code=code)
        failure = (status, body, {"retry-after": retry_after} if retry_after else {})
        self.failure_add(failure, always=always)

    def answer(self, *texts: str) -> None:
        """Answer the next chat completions (not streamed) with these texts, in order, instead of the echo."""
        with self.lock:
            self.scripted.extend(texts)

    def refuse(self) -> None:
        """Refuse the content of the next requests, as OpenAI's safety systems do."""
        self.refusing = True

    # ------------------------------------------------------------------ plumbing
    def record(self, method: str, path: str, headers: dict, body: dict) -> None:
        with self.lock:
            self.requests.append({"method": method, "path": path, "headers": headers, "json": body})

    def next_id(self, prefix: str = "") -> str:
        return super().next_id(prefix)

    def route(self, handler: _Handler, path: str, body: dict) -> None:
        if path == "/v1/chat/completions":
            if body.get("stream"):
                handler.send_events(self.chat_chunks(body))
            else:
                handler.send_json(200, self.chat_completion(body))
        elif path == "/v1/images/generations":
            handler.send_json(*self.images(body))
        elif path == "/v1/audio/speech":
            self.speech(handler, body)
        elif path == "/v1/moderations":
            handler.send_json(200, self.moderation(body))
        else:
            handler.send_json(404, openai_error(f"Unknown request URL: POST {path}.", code="unknown_url"))

    # ------------------------------------------------------------------ answers
    def usage(self, body: dict, completion_tokens: int) -> dict:
        prompt_tokens = count_tokens(body["messages"])
        return {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }

    def chat_completion(self, body: dict) -> dict:
        with self.lock:
            text = self.scripted.pop(0) if self.scripted else answer_for(body["messages"])
        message = {"role": "assistant", "content": None if self.refusing else text, "refusal": None}
        if self.refusing:
            message["refusal"] = REFUSAL
        return {
            "id": f"chatcmpl-{self.next_id()}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}],
            "usage": self.usage(body, len((REFUSAL if self.refusing else text).split())),
        }

    def chat_chunks(self, body: dict) -> list[dict]:
        words = (REFUSAL if self.refusing else answer_for(body["messages"])).split(" ")
        field = "refusal" if self.refusing else "content"
        base = {"id": f"chatcmpl-{self.next_id()}", "object": "chat.completion.chunk", "created": int(time.time())}
        base["model"] = body["model"]

        def chunk(delta: dict, finish_reason: str | None = None) -> dict:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            return {**base, "choices": [choice], "usage": None}

        pieces = [chunk({"role": "assistant", "content": "", "refusal": None})]
        pieces += [chunk({field: word if index == 0 else f" {word}"}) for index, word in enumerate(words)]
        pieces.append(chunk({}, "stop"))
        if (body.get("stream_options") or {}).get("include_usage"):
            pieces.append({**base, "choices": [], "usage": self.usage(body, len(words))})
        return pieces

    def images(self, body: dict) -> tuple[int, dict]:
        if self.refusing:
            message = "Your request was rejected as a result of our safety system."
            return 400, openai_error(message, type_="image_generation_user_error", code="content_policy_violation")
        size = body.get("size") or "1024x1024"
        encoded = base64.b64encode(png_bytes(size)).decode()
        count = int(body.get("n") or 1)
        prompt_tokens = len(body["prompt"].split())
        return 200, {
            "created": int(time.time()),
            "data": [{"b64_json": encoded} for _ in range(count)],
            "background": "opaque",
            "output_format": body.get("output_format") or "png",
            "quality": "medium",
            "size": size,
            "usage": {
                "input_tokens": prompt_tokens,
                "input_tokens_details": {"image_tokens": 0, "text_tokens": prompt_tokens},
                "output_tokens": 272 * count,
                "total_tokens": prompt_tokens + 272 * count,
            },
        }

    def speech(self, handler: _Handler, body: dict) -> None:
        if body.get("response_format") != "wav":
            handler.send_json(400, openai_error("This emulator only speaks WAV.", code="unsupported_format"))
            return
        seconds = len(body["input"]) * SPEECH_SECONDS_PER_CHARACTER / float(body.get("speed") or 1.0)
        handler.send_bytes(wav_bytes(seconds), "audio/wav")

    def moderation(self, body: dict) -> dict:
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        results = []
        for text in inputs:
            flagged = FLAGGED_WORD in str(text).lower()
            hits = {"violence", "harassment/threatening"} if flagged else set()
            categories = {name: name in hits for name in MODERATION_CATEGORIES}
            results.append(
                {
                    "flagged": flagged,
                    "categories": categories,
                    "category_scores": {name: 0.9 if hit else 0.01 for name, hit in categories.items()},
                    "category_applied_input_types": {name: ["text"] for name in MODERATION_CATEGORIES},
                }
            )
        model = body.get("model") or "omni-moderation-latest"
        return {"id": f"modr-{self.next_id()}", "model": model, "results": results}
