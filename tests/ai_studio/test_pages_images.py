"""The images page: ask for pictures, see them (served inline to their owner only), download, regenerate, reuse."""

import pytest

from ai_studio.models import GenerationJob, GenerationResult
from ai_studio.services import credit_account_get, job_create
from shop.models import ProductImage
from tests.factories import UserFactory
from tests.shop.factories import ProductFactory

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

IMAGES = "/studio/images/"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _picture_job(user, capture, **params) -> GenerationJob:
    with capture(execute=True):
        job = job_create(user=user, kind="image", model="demo-image", prompt="Un phare breton", params=params)
    job.refresh_from_db()
    return job


def _read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_images_page_needs_a_signed_in_user(client):
    response = client.get(IMAGES)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_queues_an_image_job_and_the_page_shows_its_pictures(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    client.force_login(user)
    data = {"model": "demo-image", "prompt": "Un phare breton", "style": "watercolor", "size": "256x256", "count": 2}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMAGES, data)
    assert response.status_code == 302 and response["Location"] == IMAGES
    job = GenerationJob.objects.get(user=user)
    assert (job.kind, job.status, job.params) == (
        "image",
        "succeeded",
        {"size": "256x256", "count": 2, "style": "watercolor"},
    )
    page = client.get(IMAGES).content.decode()
    for result in job.results.all():
        assert f'src="/studio/results/{result.pk}/?inline=1"' in page
        assert f'href="/studio/results/{result.pk}/" download' in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"count": 5}, "count"),
        ({"prompt": "  "}, "prompt"),
        ({"size": "9x9"}, "size"),
        ({"model": "demo-chat"}, "model"),
    ],
)
def test_bad_input_is_a_form_error_keeping_what_was_typed(client, change, field):
    client.force_login(funded_user_make(100))
    data = {"model": "demo-image", "prompt": "Mon idée précieuse", "style": "", "size": "256x256", "count": 1}
    response = client.post(IMAGES, {**data, **change})
    assert response.status_code == 400 and field in response.context["form"].errors
    if field != "prompt":
        assert "Mon idée précieuse" in response.content.decode()
    assert not GenerationJob.objects.exists()


def test_short_credits_are_a_form_error_and_nothing_is_reserved(client):
    user = funded_user_make(3)
    client.force_login(user)
    data = {"model": "demo-image", "prompt": "Un phare", "style": "", "size": "256x256", "count": 4}
    response = client.post(IMAGES, data)
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not GenerationJob.objects.exists() and credit_account_get(user=user).balance == 3


def test_the_owner_sees_a_picture_inline_or_downloads_it(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    result = _picture_job(user, django_capture_on_commit_callbacks, size="256x256").results.get()
    client.force_login(user)
    inline = client.get(f"/studio/results/{result.pk}/?inline=1")
    assert inline.status_code == 200 and inline["Content-Disposition"].startswith("inline")
    assert inline["Cache-Control"].startswith("private") and inline["Content-Type"] == "image/png"
    assert _read(inline).startswith(PNG_MAGIC)
    assert "sandbox" in inline["Content-Security-Policy"] and inline["X-Content-Type-Options"] == "nosniff"
    download = client.get(f"/studio/results/{result.pk}/")
    assert download["Content-Disposition"].startswith("attachment") and _read(download).startswith(PNG_MAGIC)


def test_another_user_never_gets_the_files_card_or_actions_of_a_job(client, django_capture_on_commit_callbacks):
    job = _picture_job(funded_user_make(100), django_capture_on_commit_callbacks)
    result = job.results.first()
    client.force_login(funded_user_make(100))
    assert client.get(f"/studio/results/{result.pk}/?inline=1").status_code == 404
    assert client.get(f"/studio/results/{result.pk}/").status_code == 404
    assert client.get(f"/studio/jobs/{job.pk}/card/").status_code == 404
    assert client.post(f"/studio/jobs/{job.pk}/regenerate/").status_code == 404
    assert client.post(f"/studio/jobs/{job.pk}/cancel/").status_code == 404
    assert "Un phare breton" not in client.get(IMAGES).content.decode()
    assert GenerationJob.objects.count() == 1


def test_regenerate_queues_the_same_generation_again(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    first = _picture_job(user, django_capture_on_commit_callbacks, size="512x512", count=2, style="line-art")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/studio/jobs/{first.pk}/regenerate/", {"next": IMAGES})
    assert response.status_code == 302 and response["Location"] == IMAGES
    second = GenerationJob.objects.exclude(pk=first.pk).get()
    assert (second.kind, second.model, second.prompt, second.params) == (
        first.kind,
        first.model,
        first.prompt,
        first.params,
    )
    assert second.status == "succeeded" and second.results.count() == 2


def test_a_foreign_next_url_is_not_followed(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    job = _picture_job(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    response = client.post(f"/studio/jobs/{job.pk}/regenerate/", {"next": "https://evil.example/"})
    assert response["Location"] == "/studio/creations/"


def test_cancel_stops_a_queued_job_and_gives_its_credits_back(client):
    user = funded_user_make(100)
    job = job_create(user=user, kind="image", model="demo-image", prompt="Un phare", params={"count": 2})
    assert credit_account_get(user=user).balance == 90
    client.force_login(user)
    response = client.post(f"/studio/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled" and credit_account_get(user=user).balance == 100
    client.post(f"/studio/jobs/{job.pk}/cancel/")  # already finished: a message, no error
    assert credit_account_get(user=user).balance == 100


def test_staff_use_a_generated_picture_as_a_product_image(client, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True)
    from ai_studio.services import credits_grant

    credits_grant(user=staff, amount=50, reason="test")
    result = _picture_job(staff, django_capture_on_commit_callbacks).results.first()
    product = ProductFactory()
    client.force_login(staff)
    assert 'action="/studio/results/' in client.get(IMAGES).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/studio/results/{result.pk}/product-image/", {"product": product.slug, "next": IMAGES})
    assert response.status_code == 302 and response["Location"] == IMAGES
    image = ProductImage.objects.get(product=product)
    assert image.alt_text == "Un phare breton" and image.image.read(8) == PNG_MAGIC
    client.post(f"/studio/results/{result.pk}/product-image/", {"product": "no-such-product"})
    assert ProductImage.objects.count() == 1


def test_customers_cannot_use_a_picture_as_a_product_image(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    result = _picture_job(user, django_capture_on_commit_callbacks).results.first()
    product = ProductFactory()
    client.force_login(user)
    assert "/product-image/" not in client.get(IMAGES).content.decode()
    response = client.post(f"/studio/results/{result.pk}/product-image/", {"product": product.slug})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ProductImage.objects.exists()
    assert GenerationResult.objects.count() == 1
