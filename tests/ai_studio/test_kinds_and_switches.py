"""Jobs go through their kind's handler; staff switch providers and models off; long jobs report progress."""

import pytest
from django.urls import reverse

from ai_studio.catalogue import model_get, model_list
from ai_studio.errors import JobCancelled
from ai_studio.models import AiSwitch, GenerationJob
from ai_studio.services import job_cancel, job_create
from ai_studio.services.jobs import job_progress, job_start
from tests.ai_studio.studio_support import funded_user_make

pytestmark = pytest.mark.django_db


def _by_id():
    return {model.id: model for model in model_list()}


def test_a_provider_switched_off_makes_its_models_unavailable_with_the_reason():
    AiSwitch.objects.create(scope="provider", name="demo", reason="Maintenance du fournisseur")
    models = _by_id()
    assert not models["demo-chat"].available and models["demo-chat"].reason == "Maintenance du fournisseur"
    assert not models["demo-image"].available
    with pytest.raises(Exception) as excinfo:
        job_create(user=funded_user_make(100), kind="chat", model="demo-chat", prompt="Bonjour")
    assert excinfo.value.code == "model_unavailable"
    assert not GenerationJob.objects.exists()


def test_a_model_switched_off_leaves_the_others_of_its_provider_available():
    AiSwitch.objects.create(scope="model", name="demo-image")
    models = _by_id()
    assert not models["demo-image"].available and models["demo-image"].reason
    assert models["demo-chat"].available


def test_switching_back_on_restores_the_model():
    switch = AiSwitch.objects.create(scope="model", name="demo-chat", reason="Test")
    assert not model_get(model_id="demo-chat").available
    switch.enabled = True
    switch.save()
    assert model_get(model_id="demo-chat").available


def test_the_models_api_shows_the_switch(client):
    AiSwitch.objects.create(scope="provider", name="demo", reason="Coupé")
    client.force_login(funded_user_make(0))
    body = client.get(reverse("ai_studio-api:models")).json()
    demo = next(item for item in body if item["id"] == "demo-chat")
    assert demo["available"] is False and demo["reason"] == "Coupé"


def test_a_kind_without_a_handler_yet_is_a_field_error():
    with pytest.raises(Exception) as excinfo:
        job_create(user=funded_user_make(100), kind="nope", model="demo-chat", prompt="x")
    assert excinfo.value.code == "wrong_capability" and "kind" in excinfo.value.extra["fields"]


def test_progress_only_moves_forward_and_stops_short_of_done():
    job = job_create(user=funded_user_make(100), kind="image", model="demo-image", prompt="Un phare")
    job_start(job.pk)
    job_progress(job_id=job.pk, percent=60, stage="Rendu")
    job_progress(job_id=job.pk, percent=40)
    job.refresh_from_db()
    assert (job.progress, job.stage) == (60, "Rendu")
    job_progress(job_id=job.pk, percent=250, stage="Presque")
    job.refresh_from_db()
    assert (job.progress, job.stage) == (99, "Presque")


def test_progress_of_a_cancelled_job_stops_its_code():
    job = job_create(user=funded_user_make(100), kind="image", model="demo-image", prompt="Un phare")
    job_start(job.pk)
    job_cancel(job=job)
    with pytest.raises(JobCancelled):
        job_progress(job_id=job.pk, percent=50)
