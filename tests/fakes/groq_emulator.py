"""A local Groq API for tests: the OpenAI emulator under Groq's ``/openai/v1`` prefix, with Groq's own ways.

The official SDK (``Groq(base_url=emulator.url)``) posts to ``/openai/v1/chat/completions``. Groq
differs from OpenAI where it matters to the adapter: a streamed answer's last chunk carries the
usage in ``x_groq.usage`` (and in ``usage`` only when ``stream_options.include_usage`` is asked),
error bodies are not unwrapped by the SDK, and a moderated answer has no ``refusal`` field but
``finish_reason: "content_filter"``. Scripting (``fail``, ``delay``, ``refuse``) is the OpenAI emulator's.
"""

from .openai_emulator import OpenAIEmulator, openai_error

API_KEY = "gsk-test-webox-emulator"
PREFIX = "/openai"


class GroqEmulator(OpenAIEmulator):
    """Start with ``GroqEmulator().start()``; ``url`` is the SDK's ``base_url``; ``reset()`` between tests."""

    default_api_key = API_KEY
    url_path = ""

    def route(self, handler, path: str, body: dict) -> None:
        if not path.startswith(f"{PREFIX}/v1/"):
            handler.send_json(404, openai_error(f"Unknown request URL: POST {path}.", code="unknown_url"))
            return
        super().route(handler, path.removeprefix(PREFIX), body)

    def chat_completion(self, body: dict) -> dict:
        completion = super().chat_completion(body)
        choice = completion["choices"][0]
        choice["message"].pop("refusal", None)
        if self.refusing:
            choice["message"]["content"] = ""
            choice["finish_reason"] = "content_filter"
        completion["x_groq"] = {"id": f"req_{self.next_id()}"}
        return completion

    def chat_chunks(self, body: dict) -> list[dict]:
        """Stream as Groq does: usage in ``x_groq`` on the chunk that finishes the answer."""
        pieces = [chunk for chunk in super().chat_chunks(body) if chunk["choices"]]
        for chunk in pieces:
            chunk["choices"][0]["delta"].pop("refusal", None)
        if self.refusing:
            pieces = [pieces[0], pieces[-1]]
            pieces[-1]["choices"][0]["finish_reason"] = "content_filter"
        words = len(pieces[1:-1]) or 1
        usage = self.usage(body, words)
        pieces[-1] = {**pieces[-1], "x_groq": {"id": f"req_{self.next_id()}", "usage": usage}}
        if (body.get("stream_options") or {}).get("include_usage"):
            pieces.append({**pieces[-1], "choices": [], "usage": usage, "x_groq": None})
        return pieces
