"""Video jobs against the Runway and Luma emulators: polled tasks, live progress, cost on the real duration,
refund of a failed task, a rate limit retried by the Celery task without paying for a second video."""

import pytest
from django.db import connection
from django.utils.translation import gettext as _

from ai_studio.media import probe
from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.services import job_cancel, job_create
from tests.fakes.luma_emulator import API_KEY as LUMA_KEY
from tests.fakes.luma_emulator import LumaEmulator
from tests.fakes.runway_emulator import API_KEY as RUNWAY_KEY
from tests.fakes.runway_emulator import RunwayEmulator
from tests.fakes.video_tasks import mp4_sample_make
from webox.common.errors import ApplicationError

from .studio_support import eager_retries, funded_user_make
from .video_support import Listener

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status


@pytest.fixture(scope="module")
def sample_mp4() -> bytes:
    return mp4_sample_make(3)


@pytest.fixture(scope="module")
def runway_server(sample_mp4):
    server = RunwayEmulator(video=sample_mp4).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def luma_server(sample_mp4):
    server = LumaEmulator(video=sample_mp4).start()
    yield server
    server.stop()


@pytest.fixture
def runway(settings, runway_server):
    runway_server.reset()
    options = {"api_key": RUNWAY_KEY, "base_url": runway_server.url, "timeout": 5}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "runway": {"CLASS": "ai_studio.providers.runway.RunwayProvider", "OPTIONS": options},
    }
    return runway_server


@pytest.fixture
def luma(settings, luma_server):
    luma_server.reset()
    options = {"api_key": LUMA_KEY, "base_url": luma_server.base_url, "timeout": 5}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "luma": {"CLASS": "ai_studio.providers.luma.LumaProvider", "OPTIONS": options},
    }
    return luma_server


def _run(capture, **arguments) -> GenerationJob:
    with capture(execute=True):
        job = job_create(**arguments)
    job.refresh_from_db()
    return job


def test_runway_job_polls_its_task_reports_rising_progress_and_costs_the_real_duration(
    runway, django_capture_on_commit_callbacks
):
    """5 seconds asked (60 credits held at 12 a second), a 3-second video delivered: 36 credits charged."""
    runway.polls_needed = 4
    customer = funded_user_make(100)
    listener = Listener(customer)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="runway-gen4.5",
        prompt="A lighthouse in a storm",
        params={"duration": 5, "ratio": "9:16"},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert (job.reserved_credits, job.cost) == (60, 36)
    assert CreditAccount.objects.get(user=customer).balance == 64
    (task_id,) = runway.tasks
    paths = [request["path"] for request in runway.requests]
    assert paths.count("/v1/text_to_video") == 1 and paths.count(f"/v1/tasks/{task_id}") == 4 + 1  # + download
    assert runway.requests[0]["json"]["ratio"] == "720:1280"
    with job.results.get().file.open("rb") as file:
        assert probe(file.read()).duration == pytest.approx(3, abs=0.1)
    running = [event for event in listener.job_events() if event["status"] == "running"]
    progress = [event["progress"] for event in running]
    assert progress == sorted(progress) and len(set(progress)) >= 4  # submitted, polls, download
    assert {event["stage"] for event in running} >= {_("Sent to the provider"), _("Rendering"), _("Downloading")}


def test_a_video_longer_than_asked_costs_what_was_reserved_and_no_more(runway, django_capture_on_commit_callbacks):
    """2 seconds asked (24 credits held), the provider delivers 3: the user pays the 24 credits shown, not 36."""
    customer = funded_user_make(100)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="runway-gen4.5",
        prompt="A lighthouse",
        params={"duration": 2},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert (job.reserved_credits, job.cost) == (24, 24)
    assert CreditAccount.objects.get(user=customer).balance == 76


def test_a_failed_task_fails_the_job_and_refunds_it(runway, django_capture_on_commit_callbacks):
    runway.fail_next_task("The model could not render this prompt.", "INTERNAL.BAD_OUTPUT.CODE01")
    customer = funded_user_make(100)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="runway-gen4.5",
        prompt="Something odd",
        params={"duration": 5},
    )

    assert job.status == Status.FAILED and "The model could not render this prompt." in job.error
    assert job.cost == 0 and not job.results.exists()
    assert CreditAccount.objects.get(user=customer).balance == 100


def test_a_rate_limit_while_polling_is_retried_by_the_task_on_the_same_provider_task(
    runway, django_capture_on_commit_callbacks
):
    """The 429 makes the Celery task run the job again; it resumes polling: one video created, one paid."""
    customer = funded_user_make(100)
    runway.fail(429, retry_after="0", path="/v1/tasks/")  # the creation goes through, the first poll is refused
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks,
            user=customer,
            kind="video",
            model="runway-gen4.5",
            prompt="A lighthouse",
            params={"duration": 5},
        )

    assert job.status == Status.SUCCEEDED, job.error
    creations = [request for request in runway.requests if request["method"] == "POST"]
    assert len(creations) == 1 and job.cost == 36
    statuses = [(request["path"].startswith("/v1/tasks/"), request["method"]) for request in runway.requests]
    assert statuses.count((True, "GET")) == 3 + 1 + 1  # the refused poll, three more, the download


def test_a_task_still_rendering_after_the_timeout_fails_and_refunds(
    runway, settings, django_capture_on_commit_callbacks
):
    settings.AI_VIDEO_TIMEOUT_SECONDS = 0
    runway.polls_needed = 50
    customer = funded_user_make(100)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="runway-gen4.5",
        prompt="Slow",
        params={"duration": 5},
    )

    assert job.status == Status.FAILED
    assert _("The video was not ready after %(seconds)d seconds.") % {"seconds": 0} in job.error
    assert CreditAccount.objects.get(user=customer).balance == 100


def test_durations_are_checked_against_the_model(runway, luma):
    """Gen-4 Turbo renders 5 or 10 seconds, Luma 5 or 9: other durations are refused before any reservation."""
    customer = funded_user_make(100)
    for model, duration in (("runway-gen4-turbo", 7), ("luma-ray-2", 6)):
        with pytest.raises(ApplicationError) as caught:
            job_create(user=customer, kind="video", model=model, prompt="x", params={"duration": duration})
        assert caught.value.code == "invalid"
    assert not GenerationJob.objects.exists()


def test_luma_job_runs_end_to_end(luma, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="luma-ray-flash-2",
        prompt="A hot-air balloon",
        params={"duration": 9, "ratio": "1:1"},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert (job.reserved_credits, job.cost) == (36, 12)  # 9 s held at 4 a second, 3 s delivered
    assert luma.requests[0]["json"]["duration"] == "9s"


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_video_while_it_renders_stops_the_polling_and_refunds(runway, django_capture_on_commit_callbacks):
    """The user cancels after the third poll: the job polls no more, downloads nothing and costs nothing."""
    runway.polls_needed = 20
    customer = funded_user_make(100)

    def cancel() -> None:  # the user's click, while the worker waits for the provider
        try:
            job_cancel(job=GenerationJob.objects.get(user=customer, kind="video"))
        finally:
            connection.close()

    runway.on_poll(3, cancel)
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="video",
        model="runway-gen4.5",
        prompt="A lighthouse in a storm",
        params={"duration": 5},
    )

    assert job.status == Status.CANCELLED and job.cost == 0 and not job.results.exists()
    (task_id,) = runway.tasks
    assert runway.tasks[task_id].polls == 3
    assert [request["path"] for request in runway.requests].count(f"/v1/tasks/{task_id}") == 3
    assert CreditAccount.objects.get(user=customer).balance == 100
