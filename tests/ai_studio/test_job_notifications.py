"""Job notifications: a finished or failed job notifies its owner, low credits notify once per crossing,
and every status or progress change of a job reaches the owner's notifications socket."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from ai_studio.models import GenerationJob
from ai_studio.services import credits_grant, credits_reserve, credits_settle, job_cancel, job_create
from notifications.models import Notification
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from tests.notifications.support import GroupListener
from webox.asgi import application

from .studio_support import broken_provider_use, funded_user_make

Status = GenerationJob.Status


def _run(capture, **arguments) -> GenerationJob:
    """Create a job and run the task queued on commit (Celery is eager in tests)."""
    with capture(execute=True):
        job = job_create(**arguments)
    job.refresh_from_db()
    return job


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


@pytest.mark.django_db
def test_a_succeeded_job_notifies_its_owner_with_the_jobs_address(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _run(django_capture_on_commit_callbacks, user=customer, kind="chat", model="demo-chat", prompt="Bonjour")
    assert job.status == Status.SUCCEEDED
    notification = Notification.objects.get(user=customer)
    assert notification.kind == "ai_job_finished"
    assert notification.url == f"/api/v1/ai/jobs/{job.pk}/"
    assert notification.title and notification.body == "Bonjour"


@pytest.mark.django_db
def test_a_failed_job_notifies_its_owner_with_the_error(settings, english, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    broken_provider_use(settings, kind="refused")
    job = _run(django_capture_on_commit_callbacks, user=customer, kind="chat", model="broken-chat", prompt="Interdit")
    assert job.status == Status.FAILED
    notification = Notification.objects.get(user=customer)
    assert notification.kind == "ai_job_failed" and notification.body == job.error
    assert "refused" in notification.body


@pytest.mark.django_db
def test_no_notification_is_stored_before_the_job_is_committed(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    with django_capture_on_commit_callbacks(execute=False):
        job_create(user=customer, kind="chat", model="demo-chat", prompt="Bonjour")
    assert _kinds(customer) == []


@pytest.mark.django_db
def test_low_credits_notify_once_per_crossing_of_the_threshold(settings, django_capture_on_commit_callbacks):
    settings.AI_LOW_CREDITS_THRESHOLD = 20
    customer = funded_user_make(22)
    image = {"user": customer, "kind": "image", "model": "demo-image", "prompt": "Un phare"}
    _run(django_capture_on_commit_callbacks, **image)  # 22 → 17: crosses
    _run(django_capture_on_commit_callbacks, **image)  # 17 → 12: already below
    assert _kinds(customer).count("low_credits") == 1
    credits_grant(user=customer, amount=10, reason="test")  # 12 → 22: above again
    _run(django_capture_on_commit_callbacks, **image)  # 22 → 17: crosses again
    assert _kinds(customer).count("low_credits") == 2
    low = Notification.objects.filter(user=customer, kind="low_credits").last()
    assert "17" in low.body


@pytest.mark.django_db
def test_a_settle_charging_extra_below_the_threshold_notifies_low_credits(settings, django_capture_on_commit_callbacks):
    settings.AI_LOW_CREDITS_THRESHOLD = 20
    customer = funded_user_make(25)
    job = GenerationJob.objects.create(user=customer, kind="chat", model="demo-chat", provider="demo", prompt="x")
    with django_capture_on_commit_callbacks(execute=True):
        credits_reserve(user=customer, amount=3, job=job)  # 25 → 22: still above
    assert _kinds(customer) == []
    with django_capture_on_commit_callbacks(execute=True):
        credits_settle(job=job, cost=8)  # 5 extra: 22 → 17
    assert _kinds(customer) == ["low_credits"]


@pytest.mark.django_db
def test_a_balance_staying_above_the_threshold_never_notifies_low_credits(settings, django_capture_on_commit_callbacks):
    settings.AI_LOW_CREDITS_THRESHOLD = 20
    customer = funded_user_make(100)
    _run(django_capture_on_commit_callbacks, user=customer, kind="image", model="demo-image", prompt="Un phare")
    assert _kinds(customer) == ["ai_job_finished"]


def _socket(user) -> WebsocketCommunicator:
    client = Client()
    login_verified(client, user, totp_device_make(user))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


async def _events_until_finished(socket: WebsocketCommunicator) -> list[dict]:
    """Read the socket's events up to the notification that the job finished."""
    events = []
    while not events or events[-1].get("kind") != "ai_job_finished":
        events.append(await socket.receive_json_from(timeout=2))
    return events


@pytest.mark.django_db(transaction=True)
def test_job_progress_reaches_the_owners_notifications_socket(settings):
    """Transactional: Channels closes connections around database_sync_to_async; pushes happen on autocommit."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    customer = member_make()
    credits_grant(user=customer, amount=100, reason="test")
    socket = _socket(customer)

    async def conversation():
        assert (await socket.connect())[0]
        assert (await socket.receive_json_from(timeout=2))["type"] == "unread"
        job = await database_sync_to_async(job_create)(user=customer, kind="chat", model="demo-chat", prompt="Salut")
        events = await _events_until_finished(socket)
        await socket.disconnect()
        return job, events

    job, events = async_to_sync(conversation)()
    jobs = [event for event in events if event["type"] == "job"]
    assert jobs == [
        {"type": "job", "id": job.pk, "kind": "chat", "status": "queued", "progress": 0, "stage": ""},
        {"type": "job", "id": job.pk, "kind": "chat", "status": "running", "progress": 10, "stage": ""},
        {"type": "job", "id": job.pk, "kind": "chat", "status": "succeeded", "progress": 100, "stage": ""},
    ]
    assert events[-1]["type"] == "notification" and events[-1]["url"] == f"/api/v1/ai/jobs/{job.pk}/"


@pytest.mark.django_db
def test_a_cancelled_job_pushes_its_new_status(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = job_create(user=customer, kind="image", model="demo-image", prompt="Un phare")
    listener = GroupListener(customer)
    with django_capture_on_commit_callbacks(execute=True):
        job_cancel(job=job)
    message = listener.receive()
    assert message["event"] == {
        "type": "job",
        "id": job.pk,
        "kind": "image",
        "status": "cancelled",
        "progress": 0,
        "stage": "",
    }
