"""The conversations API: the caller's own conversations only, messages with their status, usage and cost."""

import pytest
from rest_framework.test import APIClient

from ai_studio.services import conversation_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

CONVERSATIONS = "/api/v1/ai/conversations/"
MESSAGE_KEYS = {"id", "role", "content", "status", "usage", "cost", "error", "created_at"}


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_requests_get_401():
    assert _api().get(CONVERSATIONS).status_code == 401
    assert _api().post(CONVERSATIONS, {"model": "demo-chat"}, format="json").status_code == 401


def test_create_then_list_a_conversation():
    customer = funded_user_make(10)
    created = _api(customer).post(
        CONVERSATIONS, {"model": "demo-chat", "title": "Slogans", "system_prompt": "Rédacteur SEO"}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in ("model", "title", "system_prompt", "messages")} == {
        "model": "demo-chat",
        "title": "Slogans",
        "system_prompt": "Rédacteur SEO",
        "messages": [],
    }
    listing = _api(customer).get(CONVERSATIONS).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == body["id"]


def test_an_unknown_model_is_a_400_on_the_model_field():
    response = _api(funded_user_make(10)).post(CONVERSATIONS, {"model": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_model" and "model" in response.json()["fields"]


@pytest.mark.django_db(transaction=True)
def test_sending_a_message_returns_the_message_and_the_complete_reply_in_eager_mode():
    """With autocommit (no test transaction) the eager task runs on commit, before the response is built."""
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="demo-chat")
    response = _api(customer).post(f"{CONVERSATIONS}{conversation.pk}/messages/", {"content": "Bonjour"}, format="json")
    assert response.status_code == 201
    message, reply = response.json()["message"], response.json()["reply"]
    assert set(message) == set(reply) == MESSAGE_KEYS
    assert (message["role"], message["content"], message["status"]) == ("user", "Bonjour", "complete")
    assert (message["usage"], message["cost"]) == ({"input_tokens": 0, "output_tokens": 0}, 0)
    assert reply["role"] == "assistant" and reply["status"] == "complete" and "démonstration" in reply["content"]
    assert reply["usage"]["input_tokens"] == 1 and reply["usage"]["output_tokens"] > 50 and reply["cost"] >= 1
    detail = _api(customer).get(f"{CONVERSATIONS}{conversation.pk}/").json()
    assert [item["id"] for item in detail["messages"]] == [message["id"], reply["id"]]
    assert detail["messages"][1] == reply


def test_a_reply_still_streaming_reads_pending():
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="demo-chat")
    response = _api(customer).post(f"{CONVERSATIONS}{conversation.pk}/messages/", {"content": "Bonjour"}, format="json")
    assert response.status_code == 201  # the task waits for a commit that this test never makes
    assert response.json()["reply"]["status"] == "pending" and response.json()["reply"]["content"] == ""


def test_sending_without_enough_credits_is_402():
    customer = funded_user_make(0)
    conversation = conversation_create(user=customer, model="demo-chat")
    response = _api(customer).post(f"{CONVERSATIONS}{conversation.pk}/messages/", {"content": "Bonjour"}, format="json")
    assert response.status_code == 402 and response.json()["code"] == "insufficient_credits"


def test_rename_and_delete():
    customer = funded_user_make(10)
    conversation = conversation_create(user=customer, model="demo-chat", title="Brouillon")
    url = f"{CONVERSATIONS}{conversation.pk}/"
    renamed = _api(customer).patch(url, {"title": "Final"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["title"] == "Final"
    assert _api(customer).delete(url).status_code == 204
    assert _api(customer).get(url).status_code == 404


def test_user_a_never_sees_nor_touches_bs_conversations():
    alice, bob = funded_user_make(100), funded_user_make(100)
    conversation = conversation_create(user=bob, model="demo-chat", title="Secret de Bob")
    url = f"{CONVERSATIONS}{conversation.pk}/"
    assert _api(alice).get(CONVERSATIONS).json()["count"] == 0
    assert _api(alice).get(url).status_code == 404
    assert _api(alice).patch(url, {"title": "x"}, format="json").status_code == 404
    assert _api(alice).delete(url).status_code == 404
    assert _api(alice).post(f"{url}messages/", {"content": "Bonjour"}, format="json").status_code == 404
    conversation.refresh_from_db()
    assert conversation.title == "Secret de Bob" and not conversation.messages.exists()
