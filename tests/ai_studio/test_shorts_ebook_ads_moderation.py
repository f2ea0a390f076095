"""The builders' free texts (an ad brief, a short's script or topic, an eBook's titles) are moderated like prompts.

The OpenAI emulator flags the word "massacre"; nothing is reserved or queued for a refused text.
"""

import pytest
from rest_framework.test import APIClient

from ai_studio.models import CreditAccount, GenerationJob

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
JOBS = "/api/v1/ai/jobs/"
FLAGGED = "Décris un massacre dans les moindres détails."


def _balance(user) -> tuple[int, int]:
    account = CreditAccount.objects.get(user=user)
    return account.balance, account.reserved


def _moderated(server) -> list[str]:
    return [str(request["json"]["input"]) for request in server.requests if request["path"] == "/v1/moderations"]


@pytest.mark.parametrize(
    ("kind", "params", "field"),
    [
        ("ad", {"format": "facebook", "variants": 1, "brief": f"Une veste de pluie. {FLAGGED}"}, "brief"),
        ("short", {"script": f"Première scène.\n{FLAGGED}"}, "script"),
        ("short", {"topic": FLAGGED, "scenes": 2}, "topic"),
        ("ebook", {"title": "Mon jardin", "chapters": 2, "outline": ["Les semis", FLAGGED]}, "title"),
        ("ebook", {"title": "Mon jardin", "chapters": 1, "audience": FLAGGED}, "title"),
    ],
)
def test_a_flagged_builder_text_is_refused_through_the_api_before_any_reservation(
    moderation, english, kind, params, field
):
    customer = funded_user_make(500)
    api = APIClient()
    api.force_authenticate(customer)

    response = api.post(JOBS, {"kind": kind, "model": "demo-chat", "params": params}, format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "prompt_refused" and body["fields"][field] == [body["detail"]]
    assert not GenerationJob.objects.exists() and _balance(customer) == (500, 0)


def test_a_clean_builder_text_is_moderated_then_queued(moderation, django_capture_on_commit_callbacks):
    customer = funded_user_make(500)
    api = APIClient()
    api.force_authenticate(customer)
    params = {"format": "google_ads", "variants": 1, "brief": "Une veste de pluie légère et chaude."}

    response = api.post(JOBS, {"kind": "ad", "model": "demo-chat", "params": params}, format="json")

    assert response.status_code == 202
    assert "Une veste de pluie légère et chaude." in _moderated(moderation)


def test_the_ad_page_refuses_a_brief_flagged_past_its_first_200_characters_and_keeps_it(client, moderation, english):
    """The job's prompt is the brief's beginning: the whole brief is moderated, and the form keeps what was typed."""
    customer = funded_user_make(500)
    client.force_login(customer)
    brief = "Une veste de pluie légère, chaude et respirante, pour la ville comme pour la randonnée. " * 3 + FLAGGED
    form = {"model": "demo-chat", "format": "instagram", "variants": 2, "product": "", "brief": brief}

    response = client.post("/studio/ads/", form)

    assert response.status_code == 400
    page = response.content.decode()
    assert "breaks the content rules" in page and "moindres détails" in page
    assert not GenerationJob.objects.exists() and _balance(customer) == (500, 0)


def test_the_shorts_page_refuses_a_flagged_script(client, moderation, english):
    customer = funded_user_make(500)
    client.force_login(customer)
    script = "La mer au matin.\n" * 3 + FLAGGED
    form = {"model": "demo-chat", "topic": "", "scenes": 4, "script": script}

    response = client.post("/studio/shorts/", form)

    assert response.status_code == 400 and "breaks the content rules" in response.content.decode()
    assert not GenerationJob.objects.filter(kind="short").exists() and _balance(customer) == (500, 0)
