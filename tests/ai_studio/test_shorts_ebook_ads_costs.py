"""What a builder reserves when it is queued is the most it costs: a price raised before it runs changes nothing."""

import pytest

from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.services import job_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "params", "price"),
    [
        ("ebook", {"title": "Le pain maison", "chapters": 2}, "ebook_per_page"),
        ("ad", {"format": "google_ads", "variants": 3, "brief": "Une veste de pluie légère."}, "ad_per_set"),
        ("short", {"script": "La mer au matin.\nLes mouettes crient au loin."}, "short_per_second"),
    ],
)
def test_a_builder_never_costs_more_than_it_reserved(settings, django_capture_on_commit_callbacks, kind, params, price):
    customer = funded_user_make(5000)
    with django_capture_on_commit_callbacks() as queued:
        job = job_create(user=customer, kind=kind, model="demo-chat", prompt="", params=params)
    settings.AI_BUILDER_PRICES = {**settings.AI_BUILDER_PRICES, price: 400}  # raised while the job waits
    for callback in queued:
        callback()

    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert job.cost == job.reserved_credits
    account = CreditAccount.objects.get(user=customer)
    assert (account.balance, account.reserved) == (5000 - job.reserved_credits, 0)
