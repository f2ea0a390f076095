"""A customer's walk through the AI studio in a real browser, with the demo provider.

Open the studio, start a conversation with the demo model and watch the answer
stream over ws/ai/conversations/<id>/, reload the page in the middle of the
answer and see it carry on, stop the next answer, then generate a picture,
watch its card fill in, and download it.

As in production, the answer is written by a Celery worker, not by the web
request: a solo worker runs in a thread of this process (Celery's own test
worker, on the in-memory broker), and the pages and sockets are served by
daphne (tests/e2e/asgi_server.py). The in-memory channel layer belongs to
daphne's event loop, so the layer used here hands a send from the worker's
thread over to that loop (with Redis, the configured layer is used as is).
"""

import asyncio
import logging

import pytest
from celery.contrib.testing.worker import start_worker
from channels.layers import InMemoryChannelLayer
from django.conf import settings as django_settings
from django.test import Client

from ai_studio.models import GenerationJob, Message
from ai_studio.services import conversation_create, credits_grant
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from tests.e2e.asgi_server import asgi_server
from tests.e2e.conftest import PageProblems
from webox.celery import app as celery_app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:task_always_eager has no effect"),
]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
STREAM_DELAY = 0.15  # seconds per word of the demo answer (about 80 words): a stream of about 12 s
LONG = 30_000


class ServerLoopLayer(InMemoryChannelLayer):
    """The in-memory channel layer, whose sends from another thread's event loop run on daphne's loop."""

    async def send(self, channel, message):
        await _on_server_loop(super().send(channel, message))

    async def group_send(self, group, message):
        await _on_server_loop(super().group_send(group, message))


async def _on_server_loop(coroutine):
    loop = asgi_server().loop
    if asyncio.get_running_loop() is loop:
        return await coroutine
    return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, loop))


@pytest.fixture
def server(settings):
    if settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": f"{__name__}.ServerLoopLayer"}}
    return asgi_server()


@pytest.fixture
def worker(settings, monkeypatch):
    """Run the studio's tasks in a Celery worker thread instead of inside the web request; the demo writes slowly.

    The worker and the web requests meet on the in-memory broker, through fresh connection pools (an
    earlier test may have left the app's pools on another broker).
    """
    settings.AI_DEMO_STREAM_DELAY = STREAM_DELAY
    monkeypatch.setitem(celery_app.conf, "broker_url", "memory://")
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    previous = celery_app.conf.task_always_eager
    handlers, level = logging.root.handlers[:], logging.root.level  # Celery's worker takes the root logger over
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        celery_app.conf.task_always_eager = previous
        logging.root.handlers[:], logging.root.level = handlers, level


def _customer_page_open(chromium, base_url: str):
    """Return a page whose browser holds the session of a customer with 100 credits who passed the second factor."""
    customer = member_make(display_name="Camille Martin", preferred_language="fr")
    credits_grant(user=customer, amount=100, reason="test")
    client = Client()
    login_verified(client, customer, totp_device_make(customer))
    context = chromium.new_context(base_url=base_url, locale="fr-FR", accept_downloads=True)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(LONG)
    page.problems = PageProblems(page)
    page.customer = customer
    return page


@pytest.fixture
def customer_page(chromium, server, worker):
    """A customer's page on the ASGI server: the chat and the notifications sockets are there."""
    page = _customer_page_open(chromium, server.url)
    yield page
    page.context.close()


@pytest.fixture
def socketless_page(chromium, live_server, worker):
    """A customer's page on pytest-django's WSGI live server: no socket at all, as behind a proxy without /ws/."""
    page = _customer_page_open(chromium, live_server.url)
    yield page
    page.context.close()


STREAMING_TEXT = '[data-message-id="{id}"][data-message-status="pending"] [data-message-text]'


def _streamed_length(page, message_id: str) -> int:
    return len(page.locator(STREAMING_TEXT.format(id=message_id)).text_content())


def _wait_for_growth(page, message_id: str, than: int) -> int:
    """Wait until the reply, still being written, shows more than ``than`` characters; return how many."""
    page.wait_for_function(
        "([selector, length]) => { const text = document.querySelector(selector); "
        "return text !== null && text.textContent.length > length; }",
        arg=[STREAMING_TEXT.format(id=message_id), than],
        polling=100,
    )
    return _streamed_length(page, message_id)


def _chat_and_reload_during_the_answer(page) -> None:
    page.goto("/studio/")
    page.get_by_role("link", name="Chat", exact=True).first.click()
    page.locator("[data-chat-new] select[name=model]").select_option("demo-chat")
    page.locator("[data-chat-new] input[name=title]").fill("Idées de slogans")
    page.locator("[data-chat-new] button[type=submit]").click()
    page.locator("[data-chat][data-chat-live]").wait_for()  # the conversation's socket is open

    page.locator("[data-chat-input]").fill("Trois slogans pour une lampe en laiton")
    page.locator("[data-chat-send]").click()
    reply = page.locator('.chat-message--assistant[data-message-status="pending"]')
    reply.wait_for()
    reply_id = reply.get_attribute("data-message-id")
    first = _wait_for_growth(page, reply_id, 0)
    _wait_for_growth(page, reply_id, first)  # the answer arrives piece by piece

    page.wait_for_timeout(800)  # the task saves what it has every half second
    page.reload()
    saved = _streamed_length(page, reply_id)  # after the refresh, the answer is still being written...
    assert saved > 0
    page.locator("[data-chat][data-chat-live]").wait_for()
    _wait_for_growth(page, reply_id, saved)  # ...and goes on streaming into this page


def _answer_is_complete(page) -> None:
    message = Message.objects.filter(role="assistant").get()
    done = page.locator(f'[data-message-id="{message.pk}"][data-message-status="complete"]')
    done.wait_for()
    message.refresh_from_db()
    assert message.content.startswith("(Réponse de démonstration")
    assert "Trois slogans pour une lampe en laiton" in done.locator("[data-message-body]").inner_text()
    assert message.cost > 0 and str(message.cost) in done.locator("[data-message-usage]").inner_text()


def _stop_an_answer(page) -> None:
    page.locator("[data-chat-input]").fill("Une deuxième question")
    page.locator("[data-chat-send]").click()
    reply = page.locator('.chat-message--assistant[data-message-status="pending"]')
    reply.locator("[data-chat-stop] button").wait_for()  # the reply's job is known: it can be stopped
    _wait_for_growth(page, reply.get_attribute("data-message-id"), 0)
    reply.locator("[data-chat-stop] button").click()
    stopped = page.locator('.chat-message--assistant[data-message-status="cancelled"]')
    stopped.wait_for()
    message = Message.objects.select_related("job").get(pk=stopped.get_attribute("data-message-id"))
    assert message.job.status == "cancelled" and message.job.cost == 0  # its reservation was given back
    assert message.content and "Pour une vraie réponse" not in message.content  # the answer's end never came


def _generate_and_download_a_picture(page, tmp_path) -> None:
    page.locator(".studio-nav").get_by_role("link", name="Images").click()
    page.locator("textarea[name=prompt]").fill("Une lampe en laiton sur une table en chêne")
    page.locator("select[name=size]").select_option("256x256")
    page.locator("input[name=count]").fill("1")
    page.locator(".studio-tool__form button[type=submit]").click()
    job = GenerationJob.objects.get(kind="image")
    card = page.locator(f'[data-job-id="{job.pk}"][data-job-status="succeeded"]')
    card.wait_for()  # the card was queued or running, then replaced by its finished version
    image = card.locator("img.job-result__image")
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("image => image.naturalWidth") == 256  # the owner's inline view of the file
    with page.expect_download() as download_info:
        card.locator("[data-job-download]").click()
    target = tmp_path / "picture.png"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(PNG_MAGIC)


def test_chat_streams_survives_a_refresh_and_stops_then_a_picture_is_generated_and_downloaded(customer_page, tmp_path):
    page = customer_page
    _chat_and_reload_during_the_answer(page)
    _answer_is_complete(page)
    _stop_an_answer(page)
    _generate_and_download_a_picture(page, tmp_path)
    assert page.problems.messages == []


def test_without_sockets_the_answer_and_the_picture_arrive_by_polling(socketless_page):
    page = socketless_page
    conversation = conversation_create(user=page.customer, model="demo-chat", title="Sans socket")
    page.goto(f"/studio/chat/{conversation.pk}/")
    assert page.locator("[data-chat-socket]").count() == 0 and page.locator("[data-notifications-socket]").count() == 0
    page.locator("[data-chat-input]").fill("Une question sans socket")
    page.locator("[data-chat-send]").click()
    reply = page.locator('.chat-message--assistant[data-message-status="pending"]')
    reply.wait_for()
    reply_id = reply.get_attribute("data-message-id")
    _wait_for_growth(page, reply_id, 0)  # the partial text, read from the conversation API while it is written
    page.locator(f'[data-message-id="{reply_id}"][data-message-status="complete"] [data-message-usage]').wait_for()

    page.goto("/studio/images/")
    page.locator("textarea[name=prompt]").fill("Un phare sans socket")
    page.locator("select[name=size]").select_option("256x256")
    page.locator(".studio-tool__form button[type=submit]").click()
    job = GenerationJob.objects.get(kind="image")
    page.locator(f'[data-job-id="{job.pk}"][data-job-status="succeeded"] img.job-result__image').wait_for()
    assert page.problems.messages == []
