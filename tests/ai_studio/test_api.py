"""The AI studio's API: models, credits and jobs, always the caller's own; result files only for their owner."""

import pytest
from rest_framework.test import APIClient

from ai_studio.models import GenerationJob
from ai_studio.services import job_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

JOBS = "/api/v1/ai/jobs/"
JOB_KEYS = {
    "id",
    "kind",
    "model",
    "status",
    "progress",
    "stage",
    "reserved_credits",
    "cost",
    "results",
    "error",
    "created_at",
}


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _job_done(user, capture, **arguments) -> GenerationJob:
    arguments = {"kind": "image", "model": "demo-image", "prompt": "Un phare", **arguments}
    with capture(execute=True):
        return job_create(user=user, **arguments)


def test_anonymous_requests_get_401():
    for response in (
        _api().get("/api/v1/ai/models/"),
        _api().get("/api/v1/ai/credits/"),
        _api().get(JOBS),
        _api().post(JOBS, {"kind": "chat", "model": "demo-chat", "prompt": "x"}, format="json"),
    ):
        assert response.status_code == 401


def test_models_lists_the_catalogue_with_prices_and_why_a_model_is_unavailable():
    customer = funded_user_make(100)
    response = _api(customer).get("/api/v1/ai/models/")
    assert response.status_code == 200
    models = {model["id"]: model for model in response.json()}
    assert set(models) == {
        *("demo-chat", "demo-image", "gpt-4.1-mini", "claude-sonnet-5", "gpt-image-2"),
        *("llama-3.3-70b-versatile", "mistral-small-latest", "gemini-3.8-flash", "stable-image-core"),
        *("demo-speech", "demo-music", "gpt-4o-mini-tts", "eleven-multilingual-v2", "eleven-music", "suno", "udio"),
        *("demo-video", "runway-gen4.5", "runway-gen4-turbo", "luma-ray-2", "luma-ray-flash-2", "pika"),
    }
    assert models["demo-chat"] == {
        "id": "demo-chat",
        "provider": "demo",
        "name": "Démo chat (hors ligne)",
        "capability": "chat",
        "credit_price": {"input_per_1k_tokens": 1, "output_per_1k_tokens": 2},
        "available": True,
        "reason": "",
    }
    assert models["demo-image"]["credit_price"] == {"per_image": 5}
    assert models["gpt-image-2"]["available"] is False and "openai" in models["gpt-image-2"]["reason"]
    assert models["demo-speech"]["capability"] == "speech" and set(models["demo-speech"]["credit_price"]) == {
        "per_second"
    }
    assert models["suno"]["available"] is False and models["suno"]["reason"]


def test_credits_shows_the_balance_and_the_history(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _job_done(customer, django_capture_on_commit_callbacks)
    body = _api(customer).get("/api/v1/ai/credits/").json()
    assert body["balance"] == 95
    assert [(entry["kind"], entry["amount"]) for entry in body["entries"]] == [("reserve", -5), ("grant", 100)]
    assert str(job.pk) in body["entries"][0]["reason"]  # "Generation #<id>"
    assert set(body["entries"][0]) == {"kind", "amount", "reason", "created_at"}


def test_post_job_answers_202_with_the_job():
    customer = funded_user_make(100)
    response = _api(customer).post(
        JOBS, {"kind": "image", "model": "demo-image", "prompt": "Un phare", "params": {"count": 2}}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    assert set(body) == JOB_KEYS
    assert (body["kind"], body["model"], body["status"], body["reserved_credits"]) == (
        "image",
        "demo-image",
        "queued",
        10,
    )
    assert body["cost"] is None and body["results"] == [] and body["progress"] == 0


def test_post_job_without_enough_credits_is_a_402_insufficient_credits():
    response = _api(funded_user_make(0)).post(
        JOBS, {"kind": "image", "model": "demo-image", "prompt": "Un phare"}, format="json"
    )
    assert response.status_code == 402
    assert response.json()["code"] == "insufficient_credits"
    assert not GenerationJob.objects.exists()


def test_post_job_with_bad_input_is_a_400_with_field_errors():
    customer = funded_user_make(100)
    api = _api(customer)
    missing = api.post(JOBS, {"model": "demo-chat"}, format="json")
    assert missing.status_code == 400 and "kind" in missing.json()["fields"]
    no_prompt = api.post(JOBS, {"kind": "chat", "model": "demo-chat"}, format="json")
    assert no_prompt.status_code == 400 and no_prompt.json()["code"] == "prompt_empty"
    assert "prompt" in no_prompt.json()["fields"]
    unknown = api.post(JOBS, {"kind": "chat", "model": "nope", "prompt": "x"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_model"
    assert "model" in unknown.json()["fields"]


def test_a_job_without_a_model_uses_the_default_of_its_capability(settings):
    settings.AI_DEFAULT_MODELS = {"chat": "demo-chat"}
    api = _api(funded_user_make(100))
    response = api.post(JOBS, {"kind": "image", "prompt": "Un phare"}, format="json")
    assert response.status_code == 202 and response.json()["model"] == "demo-image"
    response = api.post(JOBS, {"kind": "chat", "prompt": "Bonjour"}, format="json")
    assert response.status_code == 202 and response.json()["model"] == "demo-chat"


def test_a_finished_job_lists_its_results_and_the_owner_downloads_them(client, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _job_done(customer, django_capture_on_commit_callbacks)
    body = _api(customer).get(f"{JOBS}{job.pk}/").json()
    assert (body["status"], body["progress"], body["cost"]) == ("succeeded", 100, 5)
    [result] = body["results"]
    assert result["content_type"] == "image/png" and result["url"].startswith("http://testserver/")
    client.force_login(customer)
    download = client.get(result["url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content)[:4] == b"\x89PNG"


def test_a_user_never_sees_another_users_jobs_or_files(client, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _job_done(customer, django_capture_on_commit_callbacks)
    url = _api(customer).get(f"{JOBS}{job.pk}/").json()["results"][0]["url"]
    intruder = funded_user_make(10)
    api = _api(intruder)
    assert api.get(JOBS).json()["count"] == 0
    assert api.get(f"{JOBS}{job.pk}/").status_code == 404
    assert api.post(f"{JOBS}{job.pk}/cancel/").status_code == 404
    client.force_login(intruder)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_list_is_paginated_latest_first_and_cancel_gives_credits_back():
    customer = funded_user_make(100)
    first = job_create(user=customer, kind="chat", model="demo-chat", prompt="Un")
    second = job_create(user=customer, kind="image", model="demo-image", prompt="Deux")
    api = _api(customer)
    listing = api.get(JOBS).json()
    assert listing["count"] == 2 and [job["id"] for job in listing["results"]] == [second.pk, first.pk]
    cancelled = api.post(f"{JOBS}{second.pk}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cost"] == 0
    again = api.post(f"{JOBS}{second.pk}/cancel/")
    assert again.status_code == 409 and again.json()["code"] == "job_finished"
    assert api.get("/api/v1/ai/credits/").json()["balance"] == 100 - first.reserved_credits


def test_the_schema_documents_the_ai_endpoints(admin_client_verified):
    schema = admin_client_verified.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/ai/models/", "/api/v1/ai/credits/", "/api/v1/ai/jobs/{job_id}/cancel/"):
        assert path in schema
