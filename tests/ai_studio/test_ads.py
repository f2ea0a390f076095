"""The ad builder: variants within their limits, shortened or cut when a model overshoots, JSON + CSV + image."""

import csv
import io
import json
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from ai_studio.models import GenerationJob
from ai_studio.services import job_create
from ai_studio.services.ads import CALLS_TO_ACTION, LIMITS
from ai_studio.services.ads_copy import json_found, trim
from tests.fakes.openai_emulator import API_KEY
from tests.shop.factories import ProductFactory

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status


@pytest.fixture
def emulator(openai_server, settings):
    """Serve the catalogue's ``gpt-4.1-mini`` from the local OpenAI emulator (the demo still draws the image)."""
    openai_server.reset()
    options = {"api_key": API_KEY, "base_url": openai_server.url, "timeout": 5}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "openai": {"CLASS": "ai_studio.providers.openai.OpenAIProvider", "OPTIONS": options},
    }
    return openai_server


def _ad_job(capture, user, model="demo-chat", **params) -> GenerationJob:
    with capture(execute=True):
        job = job_create(user=user, kind="ad", model=model, prompt="", params=params)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error
    return job


def _files(job: GenerationJob) -> dict[str, bytes]:
    return {result.content_type: result.file.read() for result in job.results.all()}


def _assert_within_limits(variants: list[dict], ad_format: str) -> None:
    limits = LIMITS[ad_format]
    for variant in variants:
        assert variant["format"] == ad_format
        assert all(0 < len(text) <= limits["headlines"] for text in variant["headlines"])
        if ad_format == "google_ads":
            assert 3 <= len(variant["headlines"]) <= 15 and 2 <= len(variant["descriptions"]) <= 4
            assert all(0 < len(text) <= limits["descriptions"] for text in variant["descriptions"])
            assert "primary_text" not in variant
        else:
            assert len(variant["headlines"]) == 1 and variant["descriptions"] == []
            assert 0 < len(variant["primary_text"]) <= limits["primary_text"]
            assert variant["call_to_action"] in CALLS_TO_ACTION


@pytest.mark.parametrize("ad_format", ["google_ads", "facebook", "instagram"])
def test_demo_ads_for_a_product_respect_every_limit_and_come_with_a_csv_and_an_image(
    django_capture_on_commit_callbacks, ad_format
):
    product = ProductFactory(
        name="Lampe de bureau articulée en chêne massif",
        short_description="Une lampe LED réglable, fabriquée en France. Lumière chaude et douce pour lire le soir.",
        variant__price=Decimal("59.90"),
    )
    customer = funded_user_make(200)
    job = _ad_job(django_capture_on_commit_callbacks, customer, format=ad_format, variants=4, product=product.slug)
    files = _files(job)
    variants = json.loads(files["application/json"])
    assert len(variants) == 4
    _assert_within_limits(variants, ad_format)
    assert len({json.dumps(variant) for variant in variants}) == 4  # every variant differs
    assert any("Lampe" in text for text in variants[0]["headlines"])
    assert files["image/png"].startswith(b"\x89PNG")
    rows = list(csv.reader(io.StringIO(files["text/csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["variant", "format", "field", "text", "length", "limit"]
    texts = sum(len(v["headlines"]) + len(v["descriptions"]) + (2 if "primary_text" in v else 0) for v in variants)
    assert len(rows) == 1 + texts
    assert all(row[4] == str(len(row[3])) for row in rows[1:])
    # demo-chat: 1 credit in and 2 out per 1,000 tokens; 2 credits per variant; 5 for the demo image.
    tokens = max(1, -(-(job.input_tokens + 2 * job.output_tokens) // 1000))
    assert job.cost == tokens + 2 * 4 + 5 <= job.reserved_credits


def test_demo_ads_from_a_brief_are_valid_too(django_capture_on_commit_callbacks):
    customer = funded_user_make(200)
    brief = "Atelier de poterie à Lyon : cours du soir pour débutants, petits groupes, matériel fourni."
    job = _ad_job(django_capture_on_commit_callbacks, customer, format="facebook", variants=2, brief=brief)
    variants = json.loads(_files(job)["application/json"])
    _assert_within_limits(variants, "facebook")
    assert variants[0]["call_to_action"] == "LEARN_MORE"


def test_a_model_that_overshoots_is_asked_once_to_shorten_then_cut_at_a_word(
    django_capture_on_commit_callbacks, emulator
):
    long_primary = "Découvrez notre nouvelle collection de sacs en cuir " * 5
    first = {
        "variants": [
            {
                "primary_text": long_primary,
                "headline": "Un titre beaucoup trop long pour un encart Facebook",
                "call_to_action": "ORDER_NOW",
            },
            {"primary_text": "Court et efficace.", "headline": "Sacs en cuir", "call_to_action": "NOT_A_CTA"},
        ]
    }
    shortened = [{"id": 0, "text": "Encore bien trop long " * 3}, {"id": 1, "text": "Sacs en cuir faits main, à Lyon."}]
    emulator.answer(f"Voici :\n```json\n{json.dumps(first)}\n```\nBonne campagne !", json.dumps(shortened))
    customer = funded_user_make(500)
    job = _ad_job(
        django_capture_on_commit_callbacks,
        customer,
        model="gpt-4.1-mini",
        format="facebook",
        variants=2,
        brief="Sacs en cuir",
    )
    variants = json.loads(_files(job)["application/json"])
    _assert_within_limits(variants, "facebook")
    assert variants[0]["primary_text"] == "Sacs en cuir faits main, à Lyon."  # the model's shorter text
    assert variants[0]["headlines"] == ["Un titre beaucoup trop long pour un"]  # cut at a word
    assert variants[0]["call_to_action"] == "ORDER_NOW"
    assert variants[1] == {
        "format": "facebook",
        "headlines": ["Sacs en cuir"],
        "descriptions": [],
        "primary_text": "Court et efficace.",
        "call_to_action": "LEARN_MORE",
    }
    chats = [request for request in emulator.requests if request["path"] == "/v1/chat/completions"]
    assert len(chats) == 2
    asked = json.loads(chats[1]["json"]["messages"][-1]["content"].split("\n", 1)[1])
    assert [item["max"] for item in asked] == [40, 125]


def test_google_ads_from_a_model_keep_its_headlines_and_complete_the_missing_ones(
    django_capture_on_commit_callbacks, emulator
):
    answer = {"variants": [{"headlines": ['=HYPERLINK("x")', "Sacs en cuir"], "descriptions": ["Faits main."]}]}
    emulator.answer(json.dumps(answer))
    customer = funded_user_make(500)
    job = _ad_job(
        django_capture_on_commit_callbacks,
        customer,
        model="gpt-4.1-mini",
        format="google_ads",
        variants=1,
        brief="Sacs en cuir faits main",
    )
    files = _files(job)
    variants = json.loads(files["application/json"])
    _assert_within_limits(variants, "google_ads")
    assert variants[0]["headlines"][:2] == ['=HYPERLINK("x")', "Sacs en cuir"]
    assert variants[0]["descriptions"][0] == "Faits main."
    rows = list(csv.reader(io.StringIO(files["text/csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == '\'=HYPERLINK("x")'  # a spreadsheet would run it as a formula
    assert len([request for request in emulator.requests if request["path"] == "/v1/chat/completions"]) == 1


def test_without_an_image_model_the_ads_come_without_image_and_say_so(django_capture_on_commit_callbacks, settings):
    settings.AI_MODELS = [entry for entry in settings.AI_MODELS if entry["capability"] != "image"]
    customer = funded_user_make(200)
    job = _ad_job(django_capture_on_commit_callbacks, customer, format="instagram", variants=1, brief="Café en grains")
    assert set(_files(job)) == {"application/json", "text/csv"}
    assert job.stage


@pytest.mark.parametrize(
    "params",
    [
        {"format": "facebook", "variants": 2},
        {"format": "facebook", "variants": 2, "brief": "Un brief", "product": "PRODUCT"},
        {"format": "tiktok", "variants": 2, "brief": "Un brief"},
        {"format": "facebook", "variants": 11, "brief": "Un brief"},
        {"format": "facebook", "variants": 2, "product": "absent"},
    ],
)
def test_ad_parameters_are_refused_with_a_400_field_error(params):
    product = ProductFactory()
    params = {key: product.slug if value == "PRODUCT" else value for key, value in params.items()}
    client = APIClient()
    client.force_authenticate(funded_user_make(200))
    response = client.post(
        "/api/v1/ai/jobs/", {"kind": "ad", "model": "", "prompt": "", "params": params}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["params"]
    assert not GenerationJob.objects.exists()


def test_an_inactive_product_cannot_be_advertised():
    product = ProductFactory(is_active=False)
    client = APIClient()
    client.force_authenticate(funded_user_make(200))
    params = {"format": "google_ads", "variants": 1, "product": product.slug}
    response = client.post("/api/v1/ai/jobs/", {"kind": "ad", "prompt": "", "params": params}, format="json")
    assert response.status_code == 400


def test_one_customer_never_gets_anothers_ads(django_capture_on_commit_callbacks, client):
    owner, other = funded_user_make(200), funded_user_make(200)
    job = _ad_job(django_capture_on_commit_callbacks, owner, format="google_ads", variants=1, brief="Thé vert bio")
    api = APIClient()
    api.force_authenticate(other)
    assert api.get(f"/api/v1/ai/jobs/{job.pk}/").status_code == 404
    client.force_login(other)
    for result in job.results.all():
        assert client.get(f"/studio/results/{result.pk}/").status_code == 404
    client.force_login(owner)
    assert client.get(f"/studio/results/{job.results.first().pk}/").status_code == 200


def test_json_is_found_inside_chatty_answers_and_texts_are_cut_at_words():
    assert json_found('Sure! {"variants": []} Hope it helps') == {"variants": []}
    assert json_found("```json\n[1, 2]\n```") == [1, 2]
    assert json_found("pas de JSON ici {oups") is None
    assert trim("Des sacs en cuir faits main", 15) == "Des sacs en"
    assert trim("Des sacs en cuir faits main", 15, ellipsis=True) == "Des sacs en…"
    assert trim("Anticonstitutionnellement", 10) == "Anticonsti"
