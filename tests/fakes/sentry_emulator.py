"""A local Sentry ingestion endpoint for tests: a threaded HTTP server on 127.0.0.1 that stores envelopes.

The SDK posts to ``/api/<project>/envelope/`` with an ``X-Sentry-Auth`` header
naming the public key and a body that is gzip or brotli compressed: one JSON
header line, then items (a JSON item header, with an optional ``length``, and
its payload). ``dsn(project)`` gives the DSN to configure; ``events`` lists the
error events received, decoded.
"""

import gzip
import json
from http.server import BaseHTTPRequestHandler

import brotli

from .local_server import ProviderEmulator

PUBLIC_KEY = "webox0public0key"


def envelope_items(body: bytes) -> list[tuple[dict, bytes]]:
    """Split an envelope into (item header, payload) pairs."""
    _header, _newline, rest = body.partition(b"\n")
    items = []
    while rest.strip():
        line, _newline, rest = rest.partition(b"\n")
        item = json.loads(line)
        if "length" in item:
            payload, rest = rest[: item["length"]], rest[item["length"] :].removeprefix(b"\n")
        else:
            payload, _newline, rest = rest.partition(b"\n")
        items.append((item, payload))
    return items


def _decoded(encoding: str, data: bytes) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding == "br":
        return brotli.decompress(data)
    return data


class _Handler(BaseHTTPRequestHandler):
    server: "SentryEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        authorised = f"sentry_key={PUBLIC_KEY}" in self.headers.get("X-Sentry-Auth", "")
        if not (self.path.startswith("/api/") and self.path.endswith("/envelope/")) or not authorised:
            self._answer(401 if not authorised else 404, {"detail": "refused"})
            return
        body = _decoded(self.headers.get("Content-Encoding", ""), data)
        with self.server.lock:
            self.server.envelopes.append({"path": self.path, "items": envelope_items(body)})
        self._answer(200, {"id": "0" * 32})

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SentryEmulator(ProviderEmulator):
    """Start with ``SentryEmulator().start()``; configure ``dsn()``; read ``events``; ``stop()`` at the end."""

    handler_class = _Handler

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.envelopes: list[dict] = []

    def dsn(self, project: int = 1) -> str:
        return f"http://{PUBLIC_KEY}@127.0.0.1:{self.server_address[1]}/{project}"

    @property
    def events(self) -> list[dict]:
        """Return the error events received, as the JSON the SDK sent."""
        with self.lock:
            return [
                json.loads(payload)
                for envelope in self.envelopes
                for item, payload in envelope["items"]
                if item.get("type") == "event"
            ]
