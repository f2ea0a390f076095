"""A local PayPal IPN postback endpoint for tests: answers ``VERIFIED`` or ``INVALID``, as configured.

django-paypal verifies an IPN by posting ``cmd=_notify-validate&<the IPN as received>`` back to
PayPal; WEBOX's ``paypal`` gateway takes that address from ``PAYPAL_POSTBACK_URL``, so tests point
it here. ``answer`` sets the reply, ``delay`` makes it slow (to test the timeout); ``received``
keeps every postback body for assertions.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    server: "PayPalEmulator"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.received.append(body)
            answer, delay = self.server.answer, self.server.delay
        if delay:
            time.sleep(delay)
        data = answer.encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (timeout tests)
            pass


class PayPalEmulator(ThreadingHTTPServer):
    """Start with ``PayPalEmulator().start()``; post IPNs back to ``url``."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.answer = "VERIFIED"
        self.delay = 0.0
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cgi-bin/webscr"

    def start(self) -> "PayPalEmulator":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def reset(self) -> None:
        with self.lock:
            self.answer, self.delay, self.received = "VERIFIED", 0.0, []
