"""What every local emulator of a provider's API shares: a threaded HTTP server on 127.0.0.1 (a free
port), started and stopped by a fixture, reset between tests, with scripted failures and delays.

A subclass names its request handler (``handler_class``), the path its SDK expects after the address
(``url_path``) and its test key (``default_api_key``); it adds its own state in ``reset()`` after
calling this one, and builds its error bodies in its ``fail()``, which hands them to ``failure_add``.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ProviderEmulator(ThreadingHTTPServer):
    """Start with ``Emulator().start()``; ``url`` is the SDK's base URL; ``reset()`` between tests; ``stop()``."""

    daemon_threads = True
    handler_class: type[BaseHTTPRequestHandler]
    url_path = ""
    default_api_key = ""

    def __init__(self, api_key: str | None = None):
        super().__init__(("127.0.0.1", 0), self.handler_class)
        self.api_key = self.default_api_key if api_key is None else api_key
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.reset()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.url_path}"

    def start(self):
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address) -> None:
        """Stay quiet when a client hangs up early (a timeout test does it on purpose)."""

    def reset(self) -> None:
        """Forget the requests seen and every scripted behaviour."""
        with self.lock:
            self.requests: list[dict] = []
            self.failures: list[tuple] = []
            self.always_failure: tuple | None = None
            self.delay_seconds = 0.0
            self.refusing = False
            self.counter = 0
            # Requests that arrived before this reset belong to a test that is over (``wait_scripted_delay``).
            self.epoch = getattr(self, "epoch", 0) + 1

    # ------------------------------------------------------------------ scripting
    def failure_add(self, failure: tuple, *, always: bool = False) -> None:
        """Answer the next request (or every one, ``always``) with ``failure``: (status, body[, headers])."""
        with self.lock:
            if always:
                self.always_failure = failure
            else:
                self.failures.append(failure)

    def delay(self, seconds: float) -> None:
        """Wait this long before answering each request."""
        self.delay_seconds = seconds

    def wait_scripted_delay(self) -> bool:
        """Sleep the scripted delay; say whether the request still belongs to the test that sent it.

        A timeout test's client gives up before the answer; had its handler then answered, it would
        take the failure the next test scripted (the test would see success, once in a while).
        """
        with self.lock:
            epoch, seconds = self.epoch, self.delay_seconds
        if seconds:
            time.sleep(seconds)
        with self.lock:
            return epoch == self.epoch

    # ------------------------------------------------------------------ plumbing
    def next_failure(self) -> tuple | None:
        with self.lock:
            return self.failures.pop(0) if self.failures else self.always_failure

    def next_id(self, prefix: str = "req_") -> str:
        """Return a new request id (``req_000001``...), as the providers put in their response headers."""
        with self.lock:
            self.counter += 1
            return f"{prefix}{self.counter:06d}"
