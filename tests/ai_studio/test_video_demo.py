"""Video jobs on the offline demo provider: a real MP4 (H.264, sound), progress through polls, private results."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from ai_studio.media import probe
from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.providers import VideoProvider, VideoRequest, provider_get
from ai_studio.services import job_create
from webox.common.errors import ApplicationError

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status


def _run(capture, **arguments) -> GenerationJob:
    with capture(execute=True):
        job = job_create(**arguments)
    job.refresh_from_db()
    return job


def _mp4(job: GenerationJob) -> bytes:
    result = job.results.get()
    assert result.content_type == "video/mp4"
    with result.file.open("rb") as file:
        return file.read()


def test_demo_provider_renders_a_task_through_create_poll_and_download():
    """The demo is a video provider: its task needs several polls (progress rises), then gives a real MP4."""
    demo = provider_get("demo")
    assert isinstance(demo, VideoProvider)
    task = demo.video_create(VideoRequest(model="demo", prompt="Un phare sous l'orage", duration=3, ratio="9:16"))
    assert task.status == "pending"

    polls = [demo.video_poll(task.id) for _ in range(3)]

    assert [poll.status for poll in polls] == ["running", "running", "succeeded"]
    assert [poll.progress for poll in polls] == [33, 66, 100]
    result = demo.video_download(task.id)
    info = probe(result.video.content)
    assert (info.width, info.height, info.video_codec, info.pixel_format) == (360, 640, "h264", "yuv420p")
    assert info.has_audio and info.audio_codec == "aac"
    assert result.duration == pytest.approx(3, abs=0.1)


def test_video_job_on_the_demo_stores_an_mp4_with_sound_and_is_charged_per_second(django_capture_on_commit_callbacks):
    """A 4-second 16:9 clip: probed size, duration and sound; 2 credits a second reserved and charged."""
    customer = funded_user_make(100)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="demo-video",
        prompt="Une montgolfière au lever du soleil",
        params={"duration": 4, "ratio": "16:9"},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert job.reserved_credits == job.cost == 8
    info = probe(_mp4(job))
    assert (info.width, info.height) == (640, 360)
    assert info.duration == pytest.approx(4, abs=0.1) and info.has_audio
    assert CreditAccount.objects.get(user=customer).balance == 92


def test_video_job_animates_one_of_the_users_own_images(django_capture_on_commit_callbacks):
    """``image`` names one of the user's image results: the clip is square and starts from that picture."""
    customer = funded_user_make(100)
    picture = _run(
        django_capture_on_commit_callbacks, user=customer, kind="image", model="demo-image", prompt="Un chat roux"
    ).results.get()

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="demo-video",
        prompt="Le chat cligne des yeux",
        params={"duration": 2, "ratio": "1:1", "image": picture.pk},
    )

    assert job.status == Status.SUCCEEDED, job.error
    info = probe(_mp4(job))
    assert (info.width, info.height) == (480, 480) and info.duration == pytest.approx(2, abs=0.1)


def test_video_job_refuses_another_users_image_and_refunds(django_capture_on_commit_callbacks, english):
    """Bob cannot animate Alice's picture: his job fails without a file and his credits come back."""
    alice, bob = funded_user_make(100), funded_user_make(100)
    picture = _run(
        django_capture_on_commit_callbacks, user=alice, kind="image", model="demo-image", prompt="Un chat roux"
    ).results.get()

    job = _run(
        django_capture_on_commit_callbacks,
        user=bob,
        kind="video",
        model="demo-video",
        prompt="Le chat cligne des yeux",
        params={"duration": 2, "image": picture.pk},
    )

    assert job.status == Status.FAILED and "not one of your images" in job.error
    assert not job.results.exists() and job.cost == 0
    assert CreditAccount.objects.get(user=bob).balance == 100


@pytest.mark.parametrize(
    "params",
    [{"duration": 11}, {"duration": 0}, {"duration": "5"}, {"ratio": "4:3"}, {"image": "abc"}, {"image": True}],
)
def test_video_parameters_are_checked_before_anything_is_reserved(params):
    customer = funded_user_make(100)
    with pytest.raises(ApplicationError) as caught:
        job_create(user=customer, kind="video", model="demo-video", prompt="Un phare", params=params)
    assert caught.value.code == "invalid"
    assert not GenerationJob.objects.exists()


def test_a_users_video_is_private(client, django_capture_on_commit_callbacks):
    """The owner downloads the MP4; anyone else gets a 404 for the job and for the file."""
    alice, bob = funded_user_make(100), funded_user_make(100)
    job = _run(
        django_capture_on_commit_callbacks,
        user=alice,
        kind="video",
        model="demo-video",
        prompt="Une vague",
        params={"duration": 2},
    )
    result = job.results.get()
    download = reverse("ai_studio:result-download", args=[result.pk])

    client.force_login(bob)
    assert client.get(download).status_code == 404
    assert client.get(f"/api/v1/ai/jobs/{job.pk}/").status_code == 404
    client.force_login(alice)
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content)[4:8] == b"ftyp"


def test_pika_is_listed_as_unavailable_with_its_reason(settings):
    """Pika has no documented first-party API: the catalogue shows it, unavailable, and says why."""
    from ai_studio.catalogue import model_get
    from webox.settings.base import ai_providers

    settings.AI_PROVIDERS = ai_providers(demo=True)

    pika = model_get(model_id="pika")

    assert (pika.capability, pika.available) == ("video", False)
    assert pika.reason == _("Offered only through third-party hosts, with no documented official API.")
    customer = funded_user_make(10)
    with pytest.raises(ApplicationError) as caught:
        job_create(user=customer, kind="video", model="pika", prompt="Un phare", params={"duration": 5})
    assert caught.value.code == "model_unavailable"
