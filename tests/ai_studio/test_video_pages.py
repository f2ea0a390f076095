"""The video and shorts pages: forms that queue jobs through the service, players, progress markup, valid HTML."""

import shutil

import pytest

from ai_studio.models import GenerationJob
from tests.seo.test_html_validity import VNU_JAR, _vnu_errors

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

VIDEO, SHORTS = "/studio/video/", "/studio/shorts/"
CLIP = {"model": "demo-video", "prompt": "Une vague sur les rochers", "duration": "2", "ratio": "9:16"}
SHORT = {"model": "demo-chat", "topic": "", "scenes": "4", "script": "Le phare veille.\nLa mer gronde."}


@pytest.mark.parametrize("url", [VIDEO, SHORTS])
def test_pages_need_a_signed_in_user(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_video_form_queues_a_job_and_the_page_plays_it(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    client.force_login(user)
    page = client.get(VIDEO).content.decode()
    assert "Démo vidéo (hors ligne)" in page and 'href="/studio/video/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(VIDEO, CLIP)

    assert response.status_code == 302 and response["Location"] == VIDEO
    job = GenerationJob.objects.get(user=user)
    assert (job.kind, job.status, job.params) == ("video", "succeeded", {"duration": 2, "ratio": "9:16"})
    result = job.results.get()
    page = client.get(VIDEO).content.decode()
    assert (
        f'<video class="job-result__media" controls preload="none" src="/studio/results/{result.pk}/?inline=1">' in page
    )
    assert f'data-job-id="{job.pk}"' in page


def test_video_form_offers_the_users_own_pictures_only(client, django_capture_on_commit_callbacks):
    owner, other = funded_user_make(100), funded_user_make(100)
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/studio/images/", {"model": "demo-image", "prompt": "Un chat", "size": "256x256", "count": "1"})
    theirs = GenerationJob.objects.get(user=other).results.get()
    client.force_login(owner)

    page = client.get(VIDEO).content.decode()
    response = client.post(VIDEO, {**CLIP, "image": str(theirs.pk)})

    assert f'<option value="{theirs.pk}"' not in page
    assert response.status_code == 400 and "image" in response.context["form"].errors
    assert not GenerationJob.objects.filter(user=owner).exists()


def test_a_running_job_shows_a_progress_bar_for_the_live_script(client):
    """A queued job (not run here) is shown with the markup static/js/studio-jobs.js updates."""
    from ai_studio.services import job_create

    user = funded_user_make(100)
    job = job_create(user=user, kind="video", model="demo-video", prompt="Une vague", params={"duration": 3})
    client.force_login(user)

    page = client.get(VIDEO).content.decode()

    assert f'data-job-id="{job.pk}" data-job-status="queued"' in page
    assert f'<progress id="job-{job.pk}-progress" max="100" value="0" data-job-progress>' in page


def test_short_form_queues_a_short_from_a_script(client, django_capture_on_commit_callbacks):
    user = funded_user_make(200)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SHORTS, SHORT)

    assert response.status_code == 302 and response["Location"] == SHORTS
    job = GenerationJob.objects.get(user=user)
    assert (job.kind, job.status, job.model) == ("short", "succeeded", "demo-chat")
    assert job.params == {"script": SHORT["script"]}
    result = job.results.get()
    assert f'src="/studio/results/{result.pk}/?inline=1"' in client.get(SHORTS).content.decode()


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (SHORTS, {**SHORT, "script": "", "topic": ""}, None),  # neither a topic nor a script
        (SHORTS, {**SHORT, "topic": "Les phares"}, None),  # both
        (SHORTS, {**SHORT, "scenes": "12"}, "scenes"),
        (VIDEO, {**CLIP, "duration": "20"}, "duration"),
        (VIDEO, {**CLIP, "ratio": "4:3"}, "ratio"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_queued(client, url, data, field):
    client.force_login(funded_user_make(200))
    response = client.post(url, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (field in errors) if field else errors.get("__all__")
    assert not GenerationJob.objects.exists()


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: the Nu HTML Checker needs it")
@pytest.mark.skipif(not VNU_JAR.exists(), reason=f"{VNU_JAR} is missing: run `npm ci` (make test does)")
def test_video_and_shorts_pages_pass_the_nu_html_checker(client, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(funded_user_make(300))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(VIDEO, CLIP)
        client.post(SHORTS, SHORT)
    pages = {
        "video": client.get(VIDEO),
        "video-errors": client.post(VIDEO, {**CLIP, "duration": "99"}),
        "shorts": client.get(SHORTS),
        "shorts-errors": client.post(SHORTS, {**SHORT, "script": ""}),
    }
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    report = [f"{error.get('lastLine')}: {error['message']}" for error in _vnu_errors(files)]
    assert report == [], "\n".join(report)
