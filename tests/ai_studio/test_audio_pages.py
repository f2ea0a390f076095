"""The audio page: read a text aloud, compose music, hear the results (their owner only), valid HTML."""

import shutil

import pytest

from ai_studio.models import GenerationJob
from tests.seo.test_html_validity import VNU_JAR, _vnu_errors

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

AUDIO = "/studio/audio/"
SPEECH = {"tool": "speech", "speech-model": "demo-speech", "speech-prompt": "Bonjour à tous.", "speech-speed": "1.0"}
MUSIC = {"tool": "music", "music-model": "demo-music", "music-prompt": "Une valse", "music-duration": "5"}


def test_audio_page_needs_a_signed_in_user(client):
    response = client.get(AUDIO)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_the_demo_voices_and_labels_the_demo_models(client):
    client.force_login(funded_user_make(10))
    page = client.get(AUDIO).content.decode()
    assert '<option value="fr+f3">Français (voix féminine)</option>' in page
    assert "Démo voix (hors ligne)" in page and "Démo musique (hors ligne)" in page


def test_speech_form_queues_a_job_and_the_page_plays_it(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(AUDIO, {**SPEECH, "speech-voice": "fr+f3", "speech-speed": "1.5"})
    assert response.status_code == 302 and response["Location"] == AUDIO
    job = GenerationJob.objects.get(user=user)
    assert (job.kind, job.status, job.params) == ("speech", "succeeded", {"voice": "fr+f3", "speed": 1.5})
    result = job.results.get()
    page = client.get(AUDIO).content.decode()
    assert (
        f'<audio class="job-result__media" controls preload="none" src="/studio/results/{result.pk}/?inline=1">' in page
    )
    assert f'href="/studio/results/{result.pk}/" download' in page
    inline = client.get(f"/studio/results/{result.pk}/?inline=1")
    assert inline.status_code == 200 and inline["Content-Type"] == "audio/wav"


def test_music_form_queues_a_job_of_the_duration_asked(client, django_capture_on_commit_callbacks):
    user = funded_user_make(100)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(AUDIO, MUSIC)
    assert response.status_code == 302
    job = GenerationJob.objects.get(user=user)
    assert (job.kind, job.status, job.params, job.cost) == ("music", "succeeded", {"duration": 5}, 5)


@pytest.mark.parametrize(
    ("data", "form", "field"),
    [
        ({**SPEECH, "speech-speed": "3"}, "speech_form", "speed"),
        ({**SPEECH, "speech-prompt": " "}, "speech_form", "prompt"),
        ({**SPEECH, "speech-voice": "nope"}, "speech_form", "voice"),
        ({**MUSIC, "music-duration": "200"}, "music_form", "duration"),
        ({**MUSIC, "music-model": "demo-speech"}, "music_form", "model"),
    ],
)
def test_bad_input_is_a_form_error(client, data, form, field):
    client.force_login(funded_user_make(100))
    response = client.post(AUDIO, data)
    assert response.status_code == 400 and field in response.context[form].errors
    assert not GenerationJob.objects.exists()


def test_a_service_refusal_shows_on_the_form(client, english):
    """Too few credits for the reservation: the form says so and nothing is queued."""
    client.force_login(funded_user_make(3))
    response = client.post(AUDIO, MUSIC)
    assert response.status_code == 400
    assert "Not enough credits" in str(response.context["music_form"].non_field_errors())
    assert not GenerationJob.objects.exists()


def test_another_users_recordings_are_not_listed_nor_served(client, django_capture_on_commit_callbacks):
    owner, intruder = funded_user_make(100), funded_user_make(100)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(AUDIO, SPEECH)
    result = GenerationJob.objects.get(user=owner).results.get()
    client.force_login(intruder)
    assert f"/studio/results/{result.pk}/" not in client.get(AUDIO).content.decode()
    assert client.get(f"/studio/results/{result.pk}/?inline=1").status_code == 404


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: the Nu HTML Checker needs it")
@pytest.mark.skipif(not VNU_JAR.exists(), reason=f"{VNU_JAR} is missing: run `npm ci` (make test does)")
def test_audio_page_passes_the_nu_html_checker(client, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(funded_user_make(100))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(AUDIO, SPEECH)
        client.post(AUDIO, MUSIC)
    pages = {"audio": client.get(AUDIO), "audio-errors": client.post(AUDIO, {**SPEECH, "speech-speed": "9"})}
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    report = [f"{error.get('lastLine')}: {error['message']}" for error in _vnu_errors(files)]
    assert report == [], "\n".join(report)
