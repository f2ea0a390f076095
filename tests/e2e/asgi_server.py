"""WEBOX's ASGI application (pages and WebSockets) served by daphne in a thread of the test process.

pytest-django's ``live_server`` speaks WSGI only, so it cannot open
``ws/notifications/``. Daphne runs on Twisted, whose reactor can be started
once per process only: the server is started on first use and then shared by
every browser test of the process (a daemon thread, gone with the process).
Running in this process, it shares the test database (committed rows:
``transaction=True``), the locmem cache and the in-memory channel layer.

Code that must push to the in-memory channel layer runs on the server's event
loop (``run_on_server``): the in-memory layer's queues belong to one loop and
are not thread-safe.
"""

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async

_server: "AsgiServer | None" = None
_lock = threading.Lock()


class AsgiServer:
    """A running daphne server on 127.0.0.1 and the event loop it runs on."""

    def __init__(self):
        from daphne.endpoints import build_endpoint_description_strings
        from daphne.server import Server, twisted_loop  # installs Twisted's asyncio reactor

        from webox.asgi import application

        self.loop = twisted_loop
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        endpoints = build_endpoint_description_strings(host="127.0.0.1", port=self.port)
        server = Server(application=application, endpoints=endpoints, signal_handlers=False, verbosity=0)
        threading.Thread(target=server.run, name="daphne", daemon=True).start()
        _wait_listening(self.port)

    def run_on_server(self, function: Callable[..., Any], /, **kwargs) -> Any:
        """Run ``function(**kwargs)`` (sync, may use the database) from the server's loop; return its result."""
        future = asyncio.run_coroutine_threadsafe(database_sync_to_async(function)(**kwargs), self.loop)
        return future.result(timeout=20)


def asgi_server() -> AsgiServer:
    """Return this process's daphne server, starting it on first use."""
    global _server
    with _lock:
        if _server is None:
            _server = AsgiServer()
        return _server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"daphne did not listen on port {port}")
