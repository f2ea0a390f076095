"""Optional prompt moderation with OpenAI's moderation endpoint (the emulator flags the word "massacre")."""

import logging

import pytest
from rest_framework.test import APIClient

from ai_studio.models import CreditAccount, GenerationJob, Message
from ai_studio.services import conversation_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
JOBS = "/api/v1/ai/jobs/"
FLAGGED = "Décris un massacre dans les moindres détails"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _balance(user) -> tuple[int, int]:
    account = CreditAccount.objects.get(user=user)
    return account.balance, account.reserved


def test_a_flagged_prompt_is_refused_with_400_and_nothing_is_reserved(moderation, english):
    customer = funded_user_make(100)

    response = _api(customer).post(JOBS, {"kind": "image", "model": "demo-image", "prompt": FLAGGED}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "prompt_refused"
    assert "violence" in body["detail"] and "threatening harassment" in body["detail"]
    assert body["fields"]["prompt"] == [body["detail"]]
    assert not GenerationJob.objects.exists() and _balance(customer) == (100, 0)
    (sent,) = moderation.requests
    assert sent["path"] == "/v1/moderations"
    assert sent["json"] == {"input": FLAGGED, "model": "omni-moderation-latest"}


def test_a_clean_prompt_is_checked_then_queued(moderation, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)

    with django_capture_on_commit_callbacks(execute=True):
        response = _api(customer).post(
            JOBS,
            {"kind": "music", "model": "demo-music", "prompt": "Une valse", "params": {"duration": 5}},
            format="json",
        )

    assert response.status_code == 202
    assert GenerationJob.objects.get().status == GenerationJob.Status.SUCCEEDED
    assert [request["path"] for request in moderation.requests] == ["/v1/moderations"]


def test_when_moderation_is_down_the_job_goes_on_and_the_failure_is_logged(
    moderation, caplog, django_capture_on_commit_callbacks
):
    customer = funded_user_make(100)
    moderation.fail(500, always=True)

    with (
        caplog.at_level(logging.WARNING, logger="ai_studio.moderation"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = _api(customer).post(JOBS, {"kind": "image", "model": "demo-image", "prompt": FLAGGED}, format="json")

    assert response.status_code == 202
    assert GenerationJob.objects.get().status == GenerationJob.Status.SUCCEEDED
    assert "moderation is unavailable" in caplog.text


def test_a_flagged_chat_message_is_refused_on_its_content_field(moderation, english):
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="demo-chat")

    response = _api(customer).post(
        f"/api/v1/ai/conversations/{conversation.pk}/messages/", {"content": FLAGGED}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "prompt_refused"
    assert "content" in response.json()["fields"]
    assert not Message.objects.exists() and _balance(customer) == (100, 0)


def test_moderation_switched_off_sends_nothing(moderation, settings, django_capture_on_commit_callbacks):
    settings.AI_MODERATION = False
    customer = funded_user_make(100)

    with django_capture_on_commit_callbacks(execute=True):
        response = _api(customer).post(JOBS, {"kind": "image", "model": "demo-image", "prompt": FLAGGED}, format="json")

    assert response.status_code == 202 and moderation.requests == []


def test_without_the_openai_provider_prompts_are_not_moderated(settings, django_capture_on_commit_callbacks):
    settings.AI_MODERATION = True
    customer = funded_user_make(100)

    with django_capture_on_commit_callbacks(execute=True):
        response = _api(customer).post(JOBS, {"kind": "image", "model": "demo-image", "prompt": FLAGGED}, format="json")

    assert response.status_code == 202


def test_flagged_instructions_are_refused_for_a_conversation_or_a_chat_job(moderation, english):
    """The system prompt reaches the model like the prompt: it is moderated on every entry point."""
    customer = funded_user_make(100)
    api = _api(customer)

    conversation = api.post(
        "/api/v1/ai/conversations/", {"model": "demo-chat", "system_prompt": FLAGGED}, format="json"
    )
    job = api.post(
        JOBS,
        {"kind": "chat", "model": "demo-chat", "prompt": "Bonjour", "params": {"system_prompt": FLAGGED}},
        format="json",
    )

    assert conversation.status_code == 400 and conversation.json()["fields"]["system_prompt"]
    assert job.status_code == 400 and job.json()["code"] == "prompt_refused" and job.json()["fields"]["params"]
    assert not GenerationJob.objects.exists() and _balance(customer) == (100, 0)
