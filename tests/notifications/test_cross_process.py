"""A notification sent by another process (a Celery worker, another app server) reaches the user's open socket.

The socket is served in this process; ``notify()`` runs in a separate Python
process (``python -c`` with ``django.setup()``) on the same database and the
same Redis channel layer, as a worker would. The other process must see the
committed user row, so the test needs a database both processes share
(PostgreSQL) besides Redis.
"""

import os
import subprocess
import sys

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import UserFactory
from webox.asgi import application

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

NOTIFY_SCRIPT = """
import django
django.setup()
from accounts.models import User
from notifications.services import notify
notify(user=User.objects.get(pk={user_id}), kind="ticket_reply", title="Réponse du support", url="/help/", email=False)
"""


def _database_url() -> str:
    """Return the URL of this test run's database, for the other process."""
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _notify_from_another_process(user_id: int) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webox.settings.test", "DATABASE_URL": _database_url()}
    script = NOTIFY_SCRIPT.format(user_id=user_id)
    subprocess.run([sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR, check=True, timeout=60)


def test_a_notification_sent_from_another_process_reaches_the_socket():
    if connection.vendor != "postgresql":
        pytest.skip("the other process needs a database it can share with this one (PostgreSQL)")
    user = UserFactory()
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())]

    async def conversation():
        socket = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
        assert (await socket.connect())[0]
        assert await socket.receive_json_from(timeout=2) == {"type": "unread", "count": 0}
        await database_sync_to_async(_notify_from_another_process)(user.pk)  # blocks a worker thread, not the loop
        event = await socket.receive_json_from(timeout=10)
        await socket.disconnect()
        return event

    event = async_to_sync(conversation)()
    assert event["type"] == "notification"
    assert (event["title"], event["url"]) == ("Réponse du support", "/help/")
