"""A local Runway API for tests, speaking what the official ``runwayml`` SDK sends and reads.

``POST /v1/text_to_video`` and ``POST /v1/image_to_video`` (JSON in camelCase:
``model``, ``promptText``, ``promptImage``, ``ratio``, ``duration``; header
``X-Runway-Version: 2024-11-06``) answer ``{"id"}``; ``GET /v1/tasks/{id}`` answers
PENDING, then RUNNING with ``progress`` (0-1), then SUCCEEDED with ``output`` URLs
(or FAILED with ``failure`` and ``failureCode``). Errors are ``{"error": "..."}``.
"""

import datetime

from .video_tasks import EmulatedTask, VideoTaskEmulator

API_KEY = "key_runway-test-webox-emulator"
VERSION = "2024-11-06"
TEXT_MODELS = {"gen4.5": ("1280:720", "720:1280")}
IMAGE_MODELS = {
    "gen4.5": ("1280:720", "720:1280", "1104:832", "960:960", "832:1104", "1584:672"),
    "gen4_turbo": ("1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"),
}


class RunwayEmulator(VideoTaskEmulator):
    default_api_key = API_KEY

    def error_body(self, message: str) -> dict:
        return {"error": message}

    def route(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        if method == "POST" and path in ("/v1/text_to_video", "/v1/image_to_video"):
            return self.create(path, body)
        if method == "GET" and path.startswith("/v1/tasks/"):
            task = self.task_poll(path.removeprefix("/v1/tasks/"))
            return (200, self.task_json(task)) if task else (404, self.error_body("Task not found."))
        return 404, self.error_body("Not found.")

    def create(self, path: str, body: dict) -> tuple[int, dict]:
        header_version = self.requests[-1]["headers"].get("x-runway-version")
        models = IMAGE_MODELS if path.endswith("image_to_video") else TEXT_MODELS
        problems = [
            header_version != VERSION and "X-Runway-Version must be 2024-11-06",
            body.get("model") not in models and "Unknown model for this endpoint",
            body.get("ratio") not in models.get(body.get("model"), ()) and "Invalid ratio",
            (not isinstance(body.get("duration"), int) or not 2 <= body["duration"] <= 10) and "Invalid duration",
            path.endswith("text_to_video") and not body.get("promptText") and "promptText is required",
            path.endswith("image_to_video") and not str(body.get("promptImage", "")).startswith(("data:", "https:"))
            and "promptImage must be a data URI or an HTTPS URL",
        ]  # fmt: skip
        problems = [problem for problem in problems if problem]
        if problems:
            return 400, self.error_body("; ".join(problems))
        return 200, {"id": self.task_create(body).id}

    def task_json(self, task: EmulatedTask) -> dict:
        created = datetime.datetime(2026, 11, 26, 8, 0, tzinfo=datetime.UTC).isoformat().replace("+00:00", "Z")
        base = {"id": task.id, "createdAt": created}
        if not task.finished:
            estimated = {"estimatedCost": {"credits": 25.0}}
            if task.polls <= 1:
                return {**base, **estimated, "status": "PENDING"}
            return {**base, **estimated, "status": "RUNNING", "progress": round(task.polls / task.polls_needed, 2)}
        if task.failure:
            reason, code = task.failure
            return {**base, "cost": {"credits": 0}, "status": "FAILED", "failure": reason, "failureCode": code}
        return {**base, "cost": {"credits": 25}, "status": "SUCCEEDED", "output": [self.file_url(task)]}
