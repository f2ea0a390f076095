"""The eBook builder's pages (settings → outline → build → download) and the staff's publishing in the shop."""

import shutil
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from pypdf import PdfReader

from ai_studio.models import GenerationJob
from ai_studio.services import job_create
from shop.models import Product
from tests.seo.test_html_validity import VNU_JAR, _vnu_errors
from tests.shop.factories import CategoryFactory

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status
SETTINGS = {"model": "demo-chat", "title": "Jardiner en ville", "chapters": 2, "audience": "débutants", "tone": ""}


def _outline(client, capture) -> GenerationJob:
    with capture(execute=True):
        response = client.post("/studio/ebook/", SETTINGS)
    assert response.status_code == 302
    job = GenerationJob.objects.get(kind="chat")
    assert response["Location"] == f"/studio/ebook/outline/{job.pk}/"
    return job


def test_a_customer_drafts_the_outline_edits_it_and_downloads_the_book(client, django_capture_on_commit_callbacks):
    customer = funded_user_make(300)
    client.force_login(customer)
    assert client.get("/studio/ebook/").status_code == 200
    outline_job = _outline(client, django_capture_on_commit_callbacks)
    page = client.get(f"/studio/ebook/outline/{outline_job.pk}/").content.decode()
    assert 'value="Chapitre 1 — Jardiner en ville"' in page and 'name="chapter_2"' in page
    fragment = client.get(f"/studio/ebook/outline/{outline_job.pk}/form/").content.decode()
    assert fragment.lstrip().startswith("<section") and f'data-job-id="{outline_job.pk}"' in fragment
    edited = {"title": "Jardiner en ville", "chapter_1": "Les bons contenants", "chapter_2": "Arroser juste"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/studio/ebook/outline/{outline_job.pk}/", edited)
    book = GenerationJob.objects.get(kind="ebook")
    assert response.status_code == 302 and response["Location"] == f"/studio/ebook/{book.pk}/"
    assert book.params["outline"] == ["Les bons contenants", "Arroser juste"] and book.prompt == "Jardiner en ville"
    page = client.get(f"/studio/ebook/{book.pk}/").content.decode()
    result = book.results.get()
    assert f"/studio/results/{result.pk}/" in page
    download = client.get(f"/studio/results/{result.pk}/")
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF-")
    assert [item.title for item in PdfReader(BytesIO(pdf)).outline] == ["Les bons contenants", "Arroser juste"]


def test_an_empty_chapter_title_is_refused_and_nothing_is_built(client, django_capture_on_commit_callbacks):
    client.force_login(funded_user_make(300))
    outline_job = _outline(client, django_capture_on_commit_callbacks)
    response = client.post(f"/studio/ebook/outline/{outline_job.pk}/", {"title": "Livre", "chapter_1": "Un"})
    assert response.status_code == 400
    assert not GenerationJob.objects.filter(kind="ebook").exists()


def test_nobody_else_sees_an_outline_or_a_book(client, django_capture_on_commit_callbacks):
    owner = funded_user_make(300)
    client.force_login(owner)
    outline_job = _outline(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        book = job_create(user=owner, kind="ebook", model="demo-chat", prompt="", params={"title": "A", "chapters": 1})
    client.force_login(funded_user_make(10))
    for url in (
        f"/studio/ebook/outline/{outline_job.pk}/",
        f"/studio/ebook/outline/{outline_job.pk}/form/",
        f"/studio/ebook/{book.pk}/",
        f"/studio/results/{book.results.get().pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_pages_need_a_signed_in_customer(client):
    response = client.get("/studio/ebook/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _publish(admin_client, job, **extra):
    data = {"action": "publish_ebook", ACTION_CHECKBOX_NAME: [job.pk], "index": 0, **extra}
    return admin_client.post("/admin/ai_studio/generationjob/", data, follow=True)


def test_staff_publish_an_ebook_once_as_an_inactive_digital_product(
    admin_client_verified, django_capture_on_commit_callbacks
):
    author = funded_user_make(300)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(
            user=author, kind="ebook", model="demo-chat", prompt="", params={"title": "Le pain maison", "chapters": 2}
        )
    category = CategoryFactory()
    asked = _publish(admin_client_verified, job)
    assert b'name="price"' in asked.content and not Product.objects.exists()
    done = _publish(admin_client_verified, job, apply="1", category=category.pk, price="9.90")
    product = Product.objects.get()
    assert product.kind == Product.Kind.DIGITAL and not product.is_active and product.name == "Le pain maison"
    assert product.category == category
    assert product.default_variant.price == Decimal("9.90") and product.default_variant.sku == f"EBOOK-{job.pk}"
    assert product.digital_file.read() == job.results.get().file.read()
    assert f"/admin/shop/product/{product.pk}/change/".encode() in done.content
    _publish(admin_client_verified, job, apply="1", category=category.pk, price="12.00")
    assert Product.objects.count() == 1 and product.default_variant.price == Decimal("9.90")


def test_staff_who_may_not_add_products_cannot_publish_an_ebook(client, english, django_capture_on_commit_callbacks):
    """Viewing the generations is not enough: publishing needs ``shop.add_product``."""
    from django.contrib.auth.models import Permission

    from tests.accounts.twofactor_support import login_verified, totp_device_make
    from tests.factories import UserFactory

    author = funded_user_make(300)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(
            user=author, kind="ebook", model="demo-chat", prompt="", params={"title": "Le pain maison", "chapters": 1}
        )
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_generationjob"))
    login_verified(client, viewer, totp_device_make(viewer))

    done = _publish(client, job, apply="1", category=CategoryFactory().pk, price="9.90")

    assert done.status_code == 200 and b"Publishing needs the right to add products." in done.content
    assert not Product.objects.exists()


@pytest.mark.skipif(shutil.which("java") is None or not VNU_JAR.exists(), reason="no Java or vnu-jar (npm ci)")
def test_ebook_pages_pass_the_nu_html_checker(client, tmp_path, django_capture_on_commit_callbacks):
    customer = funded_user_make(300)
    client.force_login(customer)
    outline_job = _outline(client, django_capture_on_commit_callbacks)
    drafting = GenerationJob.objects.create(
        user=customer, kind="chat", model="demo-chat", provider="demo", prompt="x", status="running"
    )
    session = client.session
    session[f"ebook-outline-{drafting.pk}"] = SETTINGS
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/studio/ebook/outline/{outline_job.pk}/", {"title": "Livre", "chapter_1": "Un", "chapter_2": "Deux"}
        )
    book = GenerationJob.objects.get(kind="ebook")
    pages = {
        "ebook": client.get("/studio/ebook/"),
        "ebook-errors": client.post("/studio/ebook/", {"model": "demo-chat", "title": "", "chapters": 99}),
        "outline": client.get(f"/studio/ebook/outline/{outline_job.pk}/"),
        "outline-errors": client.post(f"/studio/ebook/outline/{outline_job.pk}/", {"title": ""}),
        "outline-drafting": client.get(f"/studio/ebook/outline/{drafting.pk}/"),
        "book": client.get(f"/studio/ebook/{book.pk}/"),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    report = [f"{Path(error['url']).name}:{error.get('lastLine')}: {error['message']}" for error in _vnu_errors(files)]
    assert report == [], "\n".join(report)
