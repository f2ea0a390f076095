"""A local PayPal IPN postback endpoint for tests: answers ``VERIFIED`` or ``INVALID``, as configured.

django-paypal verifies an IPN by posting ``cmd=_notify-validate&<the IPN as received>`` back to
PayPal; WEBOX's ``paypal`` gateway takes that address from ``PAYPAL_POSTBACK_URL``, so tests point
it here. ``answer`` sets the reply, ``delay`` makes it slow (to test the timeout); ``received``
keeps every postback body for assertions.
"""

import time
from http.server import BaseHTTPRequestHandler

from .local_server import ProviderEmulator


class _Handler(BaseHTTPRequestHandler):
    server: "PayPalEmulator"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.received.append(body)
            answer, delay = self.server.answer, self.server.delay_seconds
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


class PayPalEmulator(ProviderEmulator):
    """Start with ``PayPalEmulator().start()``; post IPNs back to ``url``."""

    handler_class = _Handler
    url_path = "/cgi-bin/webscr"

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.answer = "VERIFIED"
            self.received: list[bytes] = []
