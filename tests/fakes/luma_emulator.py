"""A local Luma Dream Machine API for tests, speaking what the official ``lumaai`` SDK sends and reads.

``POST /dream-machine/v1/generations/video`` (``model``, ``prompt``, ``aspect_ratio``,
``duration`` "5s"/"9s", ``resolution``) answers 201 with a generation in state
``queued``; ``GET /dream-machine/v1/generations/{id}`` goes queued → dreaming →
completed (``assets.video``) or failed (``failure_reason``). Errors are ``{"detail": "..."}``.
"""

from .video_tasks import EmulatedTask, VideoTaskEmulator

API_KEY = "luma-test-webox-emulator"
PREFIX = "/dream-machine/v1"
MODELS = ("ray-2", "ray-flash-2")
RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")


class LumaEmulator(VideoTaskEmulator):
    default_api_key = API_KEY

    @property
    def base_url(self) -> str:
        return f"{self.url}{PREFIX}"

    def error_body(self, message: str) -> dict:
        return {"detail": message}

    def route(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        if method == "POST" and path == f"{PREFIX}/generations/video":
            return self.create(body)
        if method == "GET" and path.startswith(f"{PREFIX}/generations/"):
            task = self.task_poll(path.removeprefix(f"{PREFIX}/generations/"))
            return (200, self.generation_json(task)) if task else (404, self.error_body("Generation not found"))
        return 404, self.error_body("Not Found")

    def create(self, body: dict) -> tuple[int, dict]:
        problems = [
            body.get("model") not in MODELS and "model: unknown model",
            body.get("aspect_ratio", "16:9") not in RATIOS and "aspect_ratio: not supported",
            body.get("duration", "5s") not in ("5s", "9s") and "duration: 5s or 9s",
            not body.get("prompt") and "prompt: required",
        ]
        problems = [problem for problem in problems if problem]
        if problems:
            return 400, self.error_body("; ".join(problems))
        task = self.task_create(body)
        return 201, self.generation_json(task, state="queued")

    def generation_json(self, task: EmulatedTask, state: str = "") -> dict:
        if not state:
            state = ("queued" if task.polls <= 1 else "dreaming") if not task.finished else "completed"
            if task.finished and task.failure:
                state = "failed"
        assets = {"video": self.file_url(task)} if state == "completed" else None
        return {
            "id": task.id,
            "generation_type": "video",
            "state": state,
            "failure_reason": task.failure[0] if state == "failed" else None,
            "created_at": "2026-11-26T08:00:00Z",
            "assets": assets,
            "model": task.body.get("model"),
            "request": {"generation_type": "video", **task.body},
        }
