"""A local Mistral API for tests: the OpenAI emulator reshaped to Mistral's wire format.

The official SDK (``Mistral(server_url=emulator.url)``) posts to ``/v1/chat/completions`` with
``max_tokens``; a streamed answer (server-sent events ending with ``data: [DONE]``) carries the
usage on the chunk that finishes it. Errors are Mistral's flat ``{"object": "error", "message",
"type", "param", "code"}``. ``refuse()`` blocks the next requests as Mistral's moderation
guardrails do: a 403 whose ``type`` is ``guardrail_violation`` (an emulator assumption: the SDK
documents the 403 but not its body). Scripting (``fail``, ``delay``) is the OpenAI emulator's.
"""

from .openai_emulator import OpenAIEmulator

API_KEY = "mistral-test-webox-emulator"


def mistral_error(message: str, *, type_: str = "invalid_request_error", code: str | None = None) -> dict:
    """Return a Mistral-shaped error body."""
    return {"object": "error", "message": message, "type": type_, "param": None, "code": code}


class MistralEmulator(OpenAIEmulator):
    """Start with ``MistralEmulator().start()``; ``url`` is the SDK's ``server_url``; ``reset()`` between tests."""

    default_api_key = API_KEY
    url_path = ""

    def fail(self, status: int, *, code: str | None = None, retry_after: str = "", always: bool = False) -> None:
        """Answer the next request (or every one) with this error status, in Mistral's shape."""
        body = mistral_error(
            f"Emulated error {status}.", type_="api_error" if status >= 500 else "invalid_request_error", code=code
        )
        failure = (status, body, {"retry-after": retry_after} if retry_after else {})
        self.failure_add(failure, always=always)

    def refuse(self) -> None:
        """Block the next requests as the moderation guardrails do."""
        body = mistral_error("Request blocked by moderation guardrails.", type_="guardrail_violation", code="3300")
        with self.lock:
            self.always_failure = (403, body, {})

    def chat_completion(self, body: dict) -> dict:
        completion = super().chat_completion(body)
        for choice in completion["choices"]:
            choice["message"].pop("refusal", None)
            choice.pop("logprobs", None)
        return completion

    def chat_chunks(self, body: dict) -> list[dict]:
        """Stream as Mistral does: the usage rides on the chunk whose ``finish_reason`` is set."""
        pieces = [chunk for chunk in super().chat_chunks({**body, "stream_options": None}) if chunk["choices"]]
        for chunk in pieces:
            chunk.pop("usage", None)
            chunk["choices"][0]["delta"].pop("refusal", None)
            chunk["choices"][0].pop("logprobs", None)
        pieces[-1]["usage"] = self.usage(body, len(pieces) - 2)
        return pieces
