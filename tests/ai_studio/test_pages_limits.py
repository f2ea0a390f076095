"""The studio's limits on every entry point: the ``moderate`` tier, prompt lengths and the daily cap, pages and API."""

import time

import pytest
import time_machine
from rest_framework.test import APIClient

from ai_studio.models import Conversation, GenerationJob, Message
from ai_studio.selectors import credit_balance
from ai_studio.services import conversation_create, job_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

MODERATE_LIMIT = 30  # writes a minute per user (webox/common/ratelimits.py)


def _signed_in(client, credits: int = 100):
    user = funded_user_make(credits)
    client.force_login(user)
    return user


def _statuses(send) -> list[int]:
    """Send 31 requests with the clock stopped: a burst that crossed the end of the rate limit's one-minute
    window would start counting again, and the 31st would pass."""
    with time_machine.travel(time.time(), tick=False):
        return [send().status_code for _ in range(MODERATE_LIMIT + 1)]


def _conversation(user) -> Conversation:
    return conversation_create(user=user, model="demo-chat")


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/studio/chat/", {"model": "no-such-model"}),
        ("/studio/chat/{conversation}/", {"content": ""}),
        ("/studio/chat/{conversation}/rename/", {"title": ""}),
        ("/studio/images/", {"prompt": ""}),
        ("/studio/jobs/{job}/cancel/", {}),
        ("/studio/jobs/{job}/regenerate/", {}),
    ],
)
def test_studio_page_forms_are_held_to_the_moderate_tier(client, url, data):
    """Every studio form is refused with a 429 past 30 posts a minute, whatever the posts held."""
    user = _signed_in(client)
    conversation = _conversation(user)
    job = GenerationJob.objects.create(user=user, kind="image", model="demo-image", provider="demo", prompt="x")
    target = url.format(conversation=conversation.pk, job=job.pk)
    statuses = _statuses(lambda: client.post(target, data))
    assert 429 not in statuses[:MODERATE_LIMIT]
    assert statuses[MODERATE_LIMIT] == 429


def test_deleting_conversations_is_held_to_the_moderate_tier(client):
    user = _signed_in(client)
    statuses = _statuses(lambda: client.post(f"/studio/chat/{_conversation(user).pk}/delete/"))
    assert statuses[:MODERATE_LIMIT] == [302] * MODERATE_LIMIT and statuses[MODERATE_LIMIT] == 429
    assert Conversation.objects.filter(user=user).count() == 1  # the refused one stays


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/api/v1/ai/jobs/", {}),
        ("post", "/api/v1/ai/conversations/", {}),
        ("post", "/api/v1/ai/conversations/{conversation}/messages/", {"content": ""}),
        ("patch", "/api/v1/ai/conversations/{conversation}/", {}),
        ("post", "/api/v1/ai/jobs/{job}/cancel/", {}),
    ],
)
def test_api_writes_are_held_to_the_moderate_tier(method, url, data):
    user = funded_user_make()
    api = APIClient()
    api.force_authenticate(user)
    job = GenerationJob.objects.create(user=user, kind="image", model="demo-image", provider="demo", prompt="x")
    target = url.format(conversation=_conversation(user).pk, job=job.pk)
    statuses = _statuses(lambda: getattr(api, method)(target, data, format="json"))
    assert 429 not in statuses[:MODERATE_LIMIT]
    assert statuses[MODERATE_LIMIT] == 429


def test_the_images_page_refuses_a_prompt_over_the_limit(client, settings):
    settings.AI_PROMPT_MAX_LENGTH = 40
    _signed_in(client)
    response = client.post(
        "/studio/images/", {"model": "demo-image", "prompt": "x" * 41, "size": "512x512", "count": 1}
    )
    assert response.status_code == 400
    assert "40" in " ".join(response.context["form"].errors["prompt"])
    assert not GenerationJob.objects.exists()


def test_the_chat_page_refuses_a_message_over_the_limit_with_or_without_script(client, settings):
    settings.AI_PROMPT_MAX_LENGTH = 40
    conversation = _conversation(_signed_in(client))
    url = f"/studio/chat/{conversation.pk}/"
    page = client.post(url, {"content": "x" * 41})
    assert page.status_code == 400 and page.context["message_form"].errors["content"]
    fetched = client.post(url, {"content": "x" * 41}, headers={"X-Requested-With": "fetch"})
    assert fetched.status_code == 400 and fetched.json()["code"] == "prompt_too_long"
    assert not Message.objects.exists() and not GenerationJob.objects.exists()


def test_a_conversation_refuses_instructions_over_the_limit_on_the_page(client, settings):
    settings.AI_PROMPT_MAX_LENGTH = 40
    _signed_in(client)
    response = client.post("/studio/chat/", {"model": "demo-chat", "system_prompt": "x" * 41})
    assert response.status_code == 400
    assert "40" in " ".join(response.context["new_form"].errors["system_prompt"])
    assert not Conversation.objects.exists()


def test_a_conversation_refuses_instructions_over_the_limit_in_the_api(settings):
    settings.AI_PROMPT_MAX_LENGTH = 40
    api = APIClient()
    api.force_authenticate(funded_user_make())
    response = api.post("/api/v1/ai/conversations/", {"model": "demo-chat", "system_prompt": "x" * 41}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "prompt_too_long"
    accepted = api.post("/api/v1/ai/conversations/", {"model": "demo-chat", "system_prompt": "x" * 40}, format="json")
    assert accepted.status_code == 201


def test_the_daily_cap_is_shown_on_the_pages_and_nothing_is_reserved(client, settings):
    settings.AI_DAILY_JOB_LIMIT = 1
    user = _signed_in(client, credits=100)
    job_create(user=user, kind="image", model="demo-image", prompt="un phare")
    balance = credit_balance(user=user)
    images = client.post("/studio/images/", {"model": "demo-image", "prompt": "un port", "size": "512x512", "count": 1})
    assert images.status_code == 400 and images.context["form"].non_field_errors()
    conversation = _conversation(user)
    fetched = client.post(
        f"/studio/chat/{conversation.pk}/", {"content": "Bonjour"}, headers={"X-Requested-With": "fetch"}
    )
    assert fetched.status_code == 429 and fetched.json()["code"] == "daily_limit_reached"
    assert GenerationJob.objects.filter(user=user).count() == 1 and not Message.objects.exists()
    assert credit_balance(user=user) == balance
