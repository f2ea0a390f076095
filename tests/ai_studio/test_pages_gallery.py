"""« Mes créations » (/studio/creations/), the job card fragment, the studio's home and the credits page."""

import pytest

from ai_studio.models import GenerationJob, GenerationResult
from ai_studio.services import conversation_create, credits_grant, job_create
from tests.ai_studio.studio_support import credit_pack_make

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

GALLERY = "/studio/creations/"


def _jobs(user, count: int, *, kind: str = "image", status: str = "succeeded") -> list[GenerationJob]:
    jobs = GenerationJob.objects.bulk_create(
        GenerationJob(user=user, kind=kind, model="demo-image", provider="demo", prompt=f"P{n}", status=status, cost=5)
        for n in range(count)
    )
    for job in jobs:
        GenerationResult.objects.create(job=job, file=f"ai/results/job-{job.pk}.png", content_type="image/png")
    return jobs


def test_studio_pages_need_a_signed_in_user(client):
    for url in (GALLERY, "/studio/credits/", "/studio/jobs/1/card/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_gallery_lists_every_kind_24_a_page_with_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    user = funded_user_make(100)
    _jobs(user, 20)
    _jobs(user, 10, kind="chat")
    client.force_login(user)
    with django_assert_max_num_queries(10):
        first = client.get(GALLERY)
    assert len(first.context["jobs"]) == 24 and first.context["page_obj"].paginator.num_pages == 2
    assert len(client.get(GALLERY, {"page": 2}).context["jobs"]) == 6
    only_chat = client.get(GALLERY, {"kind": "chat"}).context["jobs"]
    assert len(only_chat) == 10 and {job.kind for job in only_chat} == {"chat"}


def test_the_gallery_shows_players_by_content_type_and_progress_for_running_jobs(client):
    user = funded_user_make(100)
    audio, video = _jobs(user, 2, kind="speech")
    GenerationResult.objects.filter(job=audio).update(content_type="audio/wav")
    GenerationResult.objects.filter(job=video).update(content_type="video/mp4")
    running = GenerationJob.objects.create(
        user=user, kind="video", model="demo", provider="demo", prompt="clip", status="running", progress=40
    )
    client.force_login(user)
    page = client.get(GALLERY).content.decode()
    assert "<audio" in page and "<video" in page
    card = page.split(f'data-job-id="{running.pk}"', 1)[1].split("</article>", 1)[0]
    assert 'value="40" data-job-progress' in card and f'action="/studio/jobs/{running.pk}/cancel/"' in card


def test_a_user_never_sees_another_users_jobs(client):
    _jobs(funded_user_make(100), 3)
    client.force_login(funded_user_make(100))
    assert len(client.get(GALLERY).context["jobs"]) == 0


def test_the_job_card_fragment_brings_the_results_and_points_its_forms_back(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(user=user, kind="image", model="demo-image", prompt="Un phare", params={"size": "256x256"})
    client.force_login(user)
    response = client.get(f"/studio/jobs/{job.pk}/card/", {"next": "/studio/images/"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-job-status="succeeded"' in html
    assert f"/studio/results/{job.results.get().pk}/?inline=1" in html
    assert 'name="next" value="/studio/images/"' in html
    foreign = client.get(f"/studio/jobs/{job.pk}/card/", {"next": "https://evil.example/"}).content.decode()
    assert 'name="next" value="/studio/creations/"' in foreign


def test_the_credits_page_shows_balance_reserved_ledger_and_job_costs(client, django_assert_max_num_queries):
    user = funded_user_make(100)
    for _n in range(30):
        credits_grant(user=user, amount=1, reason="Geste commercial")
    running = job_create(user=user, kind="image", model="demo-image", prompt="Un phare", params={"count": 2})
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get("/studio/credits/")
    assert response.context["balance"] == 120 and response.context["reserved"] == 10
    assert len(response.context["entries"]) == 25 and response.context["page_obj"].paginator.num_pages == 2
    page = response.content.decode()
    assert "data-credits-balance>120<" in page and "data-credits-reserved>10<" in page
    assert f"Génération n° {running.pk}" in page and "Geste commercial" in page


def test_the_credits_page_links_to_the_credit_packs(client):
    pack = credit_pack_make()
    client.force_login(funded_user_make(0))
    assert pack.category.get_absolute_url() in client.get("/studio/credits/").content.decode()


def test_the_home_shows_balance_tools_recent_jobs_demo_label_and_packs(client):
    pack = credit_pack_make()
    anonymous = client.get("/studio/").content.decode()
    assert "badge--demo" in anonymous and pack.name in anonymous and "/accounts/login/" in anonymous
    user = funded_user_make(42)
    jobs = _jobs(user, 8)
    client.force_login(user)
    page = client.get("/studio/").content.decode()
    for url in ("/studio/chat/", "/studio/images/", "/studio/creations/", "/studio/credits/"):
        assert f'href="{url}"' in page
    assert "<strong>42</strong>" in page and "data-studio-balance>42 " in page
    assert page.count("data-job-id=") == 6 and f'data-job-id="{jobs[-1].pk}"' in page


def test_the_home_has_no_demo_label_when_the_demo_does_not_serve(client, settings):
    settings.AI_PROVIDERS = {}
    assert "badge--demo" not in client.get("/studio/").content.decode()


def test_the_private_studio_pages_are_noindex_like_the_account_pages(client):
    """Pages that show one user's conversations, files or credits ask search engines not to index them."""
    user = funded_user_make()
    client.force_login(user)
    thread = conversation_create(user=user, model="demo-chat")
    for url in ("/studio/chat/", f"/studio/chat/{thread.pk}/", "/studio/images/", GALLERY, "/studio/credits/"):
        html = client.get(url).content.decode()
        assert '<meta name="robots" content="noindex">' in html, url
