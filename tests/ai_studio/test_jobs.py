"""Generation jobs: queued with a reservation, run by the task, settled on success, refunded on failure."""

import pytest

from ai_studio.errors import InsufficientCredits
from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.providers import provider_get
from ai_studio.services import job_cancel, job_create
from ai_studio.tasks import MAX_RETRIES
from webox.common.errors import ApplicationError, Conflict

from .studio_support import broken_provider_use, eager_retries, funded_user_make

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status


def _balance(user) -> tuple[int, int]:
    account = CreditAccount.objects.get(user=user)
    return account.balance, account.reserved


def _run(capture, **arguments) -> GenerationJob:
    """Create a job and run the task queued on commit (Celery is eager in tests)."""
    with capture(execute=True):
        job = job_create(**arguments)
    job.refresh_from_db()
    return job


def test_chat_job_runs_on_the_demo_model_and_is_charged_its_real_usage(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _run(django_capture_on_commit_callbacks, user=customer, kind="chat", model="demo-chat", prompt="Bonjour")
    assert job.status == Status.SUCCEEDED and job.progress == 100 and job.error == ""
    # 1 word in, 1024 tokens out at most: 1 + 2 * 1.024 → 3 credits reserved; the real answer costs 1.
    assert job.reserved_credits == 3 and job.cost == 1
    assert job.output_tokens > 50 and job.started_at and job.finished_at
    result = job.results.get()
    assert result.content_type == "text/markdown"
    assert "démonstration" in result.file.read().decode()
    assert _balance(customer) == (99, 0)


def test_image_job_stores_one_png_per_image_in_private_storage(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="image",
        model="demo-image",
        prompt="Un phare",
        params={"size": "256x256", "count": 2},
    )
    assert job.status == Status.SUCCEEDED and job.reserved_credits == job.cost == 10
    results = list(job.results.all())
    assert [result.content_type for result in results] == ["image/png", "image/png"]
    assert results[0].file.read()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError):
        results[0].file.url  # noqa: B018  (private files have no public address)
    assert _balance(customer) == (90, 0)


def test_job_is_refused_with_402_when_credits_are_short_and_nothing_is_queued(django_capture_on_commit_callbacks):
    poor = funded_user_make(4)
    with pytest.raises(InsufficientCredits), django_capture_on_commit_callbacks() as callbacks:
        job_create(user=poor, kind="image", model="demo-image", prompt="Un phare")
    assert callbacks == [] and not GenerationJob.objects.exists()
    assert _balance(poor) == (4, 0)


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"kind": "chat", "model": "nope", "prompt": "x"}, "unknown_model"),
        ({"kind": "image", "model": "demo-chat", "prompt": "x"}, "wrong_capability"),
        ({"kind": "video", "model": "demo-chat", "prompt": "x"}, "wrong_capability"),
        ({"kind": "chat", "model": "gpt-4.1-mini", "prompt": "x"}, "model_unavailable"),
        ({"kind": "chat", "model": "demo-chat", "prompt": "   "}, "prompt_empty"),
        ({"kind": "chat", "model": "demo-chat", "prompt": "x" * 8001}, "prompt_too_long"),
        ({"kind": "image", "model": "demo-image", "prompt": "x", "params": {"size": "9x9"}}, "invalid"),
        ({"kind": "image", "model": "demo-image", "prompt": "x", "params": {"count": 5}}, "invalid"),
        ({"kind": "chat", "model": "demo-chat", "prompt": "x", "params": {"max_tokens": "many"}}, "invalid"),
    ],
)
def test_job_create_refuses_bad_requests_before_reserving(arguments, code):
    customer = funded_user_make(100)
    with pytest.raises(ApplicationError) as refused:
        job_create(user=customer, **arguments)
    assert refused.value.code == code and refused.value.status_code == 400
    assert not GenerationJob.objects.exists() and _balance(customer) == (100, 0)


def test_daily_limit_refuses_the_next_job(settings):
    customer = funded_user_make(100)
    settings.AI_DAILY_JOB_LIMIT = 2
    for _ in range(2):
        job_create(user=customer, kind="chat", model="demo-chat", prompt="Bonjour")
    with pytest.raises(ApplicationError) as refused:
        job_create(user=customer, kind="chat", model="demo-chat", prompt="Bonjour")
    assert refused.value.code == "daily_limit_reached" and refused.value.status_code == 429


def test_refused_prompt_fails_the_job_at_once_and_refunds(settings, english, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    broken_provider_use(settings, kind="refused")
    job = _run(django_capture_on_commit_callbacks, user=customer, kind="chat", model="broken-chat", prompt="Interdit")
    assert job.status == Status.FAILED and job.cost == 0
    assert "refused" in job.error and "upstream said no" in job.error
    assert _balance(customer) == (100, 0)


def test_provider_down_is_retried_then_fails_and_refunds(settings, english, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    broken_provider_use(settings, kind="unavailable")
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks, user=customer, kind="chat", model="broken-chat", prompt="Bonjour"
        )
    assert job.status == Status.FAILED and job.cost == 0 and "not available" in job.error
    assert provider_get("broken").calls == MAX_RETRIES + 1
    assert _balance(customer) == (100, 0)


def test_rate_limit_once_is_retried_and_the_job_succeeds(settings, django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    broken_provider_use(settings, kind="rate_limited", failures=1)
    with eager_retries():
        job = _run(
            django_capture_on_commit_callbacks, user=customer, kind="chat", model="broken-chat", prompt="Bonjour"
        )
    assert job.status == Status.SUCCEEDED
    # 1,000 tokens in and out at 1 and 2 credits per 1,000: 3, the same as the reservation.
    assert job.cost == 3 and _balance(customer) == (97, 0)


def test_cancel_a_queued_job_gives_its_credits_back_and_a_finished_one_is_a_conflict():
    customer = funded_user_make(100)
    job = job_create(user=customer, kind="image", model="demo-image", prompt="Un phare")
    assert _balance(customer) == (95, 5)
    job = job_cancel(job=job)
    assert job.status == Status.CANCELLED and job.cost == 0 and job.finished_at
    assert _balance(customer) == (100, 0)
    with pytest.raises(Conflict):
        job_cancel(job=job)
