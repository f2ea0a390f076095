"""What the Runway and Luma emulators share: a threaded HTTP server holding video tasks that finish after polls.

A task needs ``polls_needed`` reads before it succeeds (``fail_next_task`` makes the
next one fail instead; ``on_poll`` runs an action at a given read); its video is served at
``/files/<id>.mp4``. ``fail(status)`` answers the next request (or every one; or the next one whose path starts with
``path``) with an error status; ``requests`` records what came in. Subclasses speak each provider's paths and JSON.
"""

import json
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from .local_server import ProviderEmulator


def mp4_sample_make(seconds: float = 3, size: str = "320x180") -> bytes:
    """Return a small real MP4 (H.264 and AAC) of ``seconds``, made with the ffmpeg of imageio-ffmpeg."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "sample.mp4"
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
            "-f", "lavfi", "-i", f"testsrc=size={size}:rate=12:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart",
            str(output),
        ]  # fmt: skip
        subprocess.run(command, capture_output=True, check=True, timeout=60)
        return output.read_bytes()


@dataclass
class EmulatedTask:
    id: str
    body: dict
    polls_needed: int
    failure: tuple[str, str] | None = None  # (reason, code) when the task will fail
    polls: int = 0

    @property
    def finished(self) -> bool:
        return self.polls >= self.polls_needed


class TaskHandler(BaseHTTPRequestHandler):
    server: "VideoTaskEmulator"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.handle_request("GET", b"")

    def do_POST(self) -> None:
        self.handle_request("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def handle_request(self, method: str, data: bytes) -> None:
        path = self.path.split("?")[0]
        body = json.loads(data) if data else {}
        self.server.record(method, path, {k.lower(): v for k, v in self.headers.items()}, body)
        if path.startswith("/files/"):
            self.send(200, self.server.video, content_type="video/mp4")
            return
        if self.headers.get("Authorization") != f"Bearer {self.server.api_key}":
            self.send_json(401, self.server.error_body("Invalid API key."))
            return
        failure = self.server.next_failure(path)
        if failure is not None:
            status, headers = failure
            self.send_json(status, self.server.error_body(f"Emulated error {status}."), headers=headers)
            return
        status, answer = self.server.route(method, path, body)
        self.send_json(status, answer)

    def send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        self.send(status, json.dumps(body).encode(), headers=headers)

    def send(self, status: int, data: bytes, *, content_type: str = "application/json", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class VideoTaskEmulator(ProviderEmulator):
    """Start with ``.start()``; ``url`` is the server's root; ``reset()`` between tests."""

    handler_class = TaskHandler

    def __init__(self, *, video: bytes, api_key: str = ""):
        self.video = video
        super().__init__(api_key or None)

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.failures: list[tuple[str, int, dict]] = []
            self.tasks: dict[str, EmulatedTask] = {}
            self.polls_needed = 3
            self.next_task_failure: tuple[str, str] | None = None
            self.poll_actions: dict[int, Callable[[], None]] = {}

    # ------------------------------------------------------------------ scripting
    def fail(self, status: int, *, retry_after: str = "", always: bool = False, path: str = "") -> None:
        """Answer the next request (whose path starts with ``path``), or every one, with this error status."""
        headers = {"retry-after": retry_after} if retry_after else {}
        with self.lock:
            if always:
                self.always_failure = (status, headers)
            else:
                self.failures.append((path, status, headers))

    def on_poll(self, number: int, action: Callable[[], None]) -> None:
        """Run ``action`` (in the server's thread) when a task is read for the ``number``-th time, before answering."""
        self.poll_actions[number] = action

    def fail_next_task(self, reason: str, code: str = "") -> None:
        """Make the next task created end in failure with ``reason`` (and a provider failure ``code``)."""
        self.next_task_failure = (reason, code)

    # ------------------------------------------------------------------ state
    def record(self, method: str, path: str, headers: dict, body: dict) -> None:
        with self.lock:
            self.requests.append({"method": method, "path": path, "headers": headers, "json": body})

    def next_failure(self, path: str) -> tuple[int, dict] | None:
        with self.lock:
            for number, (prefix, status, headers) in enumerate(self.failures):
                if path.startswith(prefix):
                    del self.failures[number]
                    return status, headers
            return self.always_failure

    def task_create(self, body: dict) -> EmulatedTask:
        with self.lock:
            task = EmulatedTask(str(uuid.uuid4()), body, self.polls_needed, self.next_task_failure)
            self.next_task_failure = None
            self.tasks[task.id] = task
            return task

    def task_poll(self, task_id: str) -> EmulatedTask | None:
        with self.lock:
            task = self.tasks.get(task_id)
            if task is not None:
                task.polls += 1
            action = self.poll_actions.pop(task.polls, None) if task is not None else None
        if action is not None:
            action()
        return task

    def task_read(self, task_id: str) -> EmulatedTask | None:
        with self.lock:
            return self.tasks.get(task_id)

    def file_url(self, task: EmulatedTask) -> str:
        return f"{self.url}/files/{task.id}.mp4"

    # ------------------------------------------------------------------ provider specifics
    def error_body(self, message: str) -> dict:
        raise NotImplementedError

    def route(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        raise NotImplementedError
