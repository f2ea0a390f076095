"""The ad builder's pages: the form (a product or a brief), then the variants as cards with their lengths."""

import re
import shutil
import time
from pathlib import Path

import pytest
import time_machine

from ai_studio.models import GenerationJob
from tests.seo.test_html_validity import VNU_JAR, _vnu_errors
from tests.shop.factories import ProductFactory

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db


def test_a_customer_writes_ads_for_a_product_and_sees_each_text_with_its_length(
    client, django_capture_on_commit_callbacks
):
    product = ProductFactory(name="Théière en fonte", short_description="Garde le thé chaud longtemps.")
    client.force_login(funded_user_make(200))
    page = client.get("/studio/ads/").content.decode()
    assert f'<option value="{product.slug}">' in page
    form = {"model": "demo-chat", "format": "google_ads", "variants": 2, "product": product.slug, "brief": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/studio/ads/", form)
    job = GenerationJob.objects.get(kind="ad")
    assert response.status_code == 302 and response["Location"] == f"/studio/ads/{job.pk}/"
    assert job.prompt == "Théière en fonte"
    page = client.get(f"/studio/ads/{job.pk}/").content.decode()
    assert page.count("data-ad-variant=") == 2
    counts = [(int(length), int(limit)) for length, limit in re.findall(r">(\d+)/(\d+)<", page)]
    assert counts and all(length <= limit for length, limit in counts)
    assert {limit for _length, limit in counts} == {30, 90}
    csv_result = job.results.get(content_type="text/csv")
    assert f"/studio/results/{csv_result.pk}/" in page
    fragment = client.get(f"/studio/ads/{job.pk}/variants/").content.decode()
    assert fragment.lstrip().startswith("<section") and 'data-job-status="succeeded"' in fragment


@pytest.mark.parametrize("choice", [{"product": "", "brief": ""}, {"product": "PRODUCT", "brief": "Un brief"}])
def test_the_form_wants_a_product_or_a_brief_not_both(client, choice):
    product = ProductFactory()
    client.force_login(funded_user_make(200))
    form = {"model": "demo-chat", "format": "facebook", "variants": 1, **choice}
    form["product"] = product.slug if form["product"] == "PRODUCT" else ""
    response = client.post("/studio/ads/", form)
    assert response.status_code == 400
    assert not GenerationJob.objects.exists()


def test_nobody_else_sees_the_ads(client, django_capture_on_commit_callbacks):
    owner = funded_user_make(200)
    client.force_login(owner)
    form = {"model": "demo-chat", "format": "instagram", "variants": 1, "product": "", "brief": "Cours de yoga"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/studio/ads/", form)
    job = GenerationJob.objects.get(kind="ad")
    client.force_login(funded_user_make(0))
    assert client.get(f"/studio/ads/{job.pk}/").status_code == 404
    assert client.get(f"/studio/ads/{job.pk}/variants/").status_code == 404


@pytest.mark.skipif(shutil.which("java") is None or not VNU_JAR.exists(), reason="no Java or vnu-jar (npm ci)")
def test_ads_pages_pass_the_nu_html_checker(client, tmp_path, django_capture_on_commit_callbacks):
    customer = funded_user_make(300)
    product = ProductFactory()
    client.force_login(customer)
    form = {"model": "demo-chat", "format": "facebook", "variants": 2, "product": product.slug, "brief": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/studio/ads/", form)
    done = GenerationJob.objects.get(kind="ad")
    running = GenerationJob.objects.create(
        user=customer,
        kind="ad",
        model="demo-chat",
        provider="demo",
        prompt="x",
        status="running",
        params={"format": "google_ads", "variants": 1},
    )
    pages = {
        "ads": client.get("/studio/ads/"),
        "ads-errors": client.post("/studio/ads/", {"model": "demo-chat", "format": "x", "variants": 0}),
        "ads-done": client.get(f"/studio/ads/{done.pk}/"),
        "ads-running": client.get(f"/studio/ads/{running.pk}/"),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    report = [f"{Path(error['url']).name}:{error.get('lastLine')}: {error['message']}" for error in _vnu_errors(files)]
    assert report == [], "\n".join(report)


def test_the_ad_form_is_held_to_the_moderate_tier(client):
    """Past 30 posts a minute, the ad form answers 429 (as every other studio form does)."""
    client.force_login(funded_user_make(200))
    form = {"model": "demo-chat", "format": "facebook", "variants": 1, "product": "", "brief": ""}
    with time_machine.travel(time.time(), tick=False):  # one counting window, however long the posts take
        statuses = [client.post("/studio/ads/", form).status_code for _ in range(31)]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429
