"""A customer builds a short with the demo and watches its progress bar go to the end, then plays the video.

The job is not run inside the request (Celery's eager mode is switched off for
this test, the task goes to the in-memory broker): a thread of this process runs
it as a worker would, while the page follows it through static/js/studio-jobs.js
(the job API polled every 3 seconds: pytest-django's live server has no socket).
"""

import re
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from ai_studio.models import GenerationJob
from ai_studio.services import job_run
from tests.ai_studio.studio_support import funded_user_make
from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.django_db(transaction=True)
SCRIPT = "\n".join(
    [
        "Le phare veille sur la côte depuis deux siècles.",
        "Chaque nuit, sa lumière balaie la mer.",
        "Les marins le saluent en passant.",
        "Au matin, le gardien éteint la lampe.",
        "Puis il regarde les bateaux rentrer au port.",
    ]
)


@pytest.fixture
def worker_queue():
    """Queue tasks on the in-memory broker instead of running them in the request."""
    from webox.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def customer_page(chromium, live_server):
    customer = funded_user_make(500)
    client = Client()
    client.force_login(customer)
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    page.customer = customer
    yield page
    context.close()


def _work(job_id: int) -> None:
    try:
        job_run(job_id=job_id)
    finally:
        connection.close()


def test_a_short_is_built_while_its_progress_bar_moves_to_the_end(customer_page, worker_queue):
    page = customer_page
    page.goto("/studio/shorts/")
    form = page.locator("form[method=post]").filter(has=page.locator("textarea[name=script]"))
    form.locator("textarea[name=script]").fill(SCRIPT)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/studio/shorts/$"))

    job = GenerationJob.objects.get(user=page.customer)
    assert (job.kind, job.status) == ("short", "queued")
    card = page.locator(f'[data-job-id="{job.pk}"]')
    assert card.locator("progress[data-job-progress]").get_attribute("value") == "0"
    page.evaluate(
        """() => { window.jobUpdates = [];
        document.addEventListener("webox:job-updated", (event) => window.jobUpdates.push(
            [event.detail.status, event.detail.progress, event.detail.stage])); }"""
    )

    worker = threading.Thread(target=_work, args=(job.pk,))
    worker.start()
    finished = page.locator(f'[data-job-id="{job.pk}"][data-job-status="succeeded"]')
    finished.locator("video").wait_for(timeout=90_000)
    worker.join(timeout=30)

    updates = page.evaluate("window.jobUpdates")
    progress = [value for _status, value, _stage in updates]
    assert updates[-1][:2] == ["succeeded", 100]
    assert progress == sorted(progress)
    assert any(status == "running" and 0 < value < 100 for status, value, _stage in updates)  # seen moving
    job.refresh_from_db()
    result = job.results.get()
    assert finished.locator("video").get_attribute("src") == f"/studio/results/{result.pk}/?inline=1"
    assert finished.locator("[data-job-progress]").count() == 0  # the finished card replaced the bar
    assert page.problems.messages == []
