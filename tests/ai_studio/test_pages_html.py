"""The studio's pages are valid HTML for the Nu HTML Checker (skipped without Java or vnu-jar, as tests/seo's)."""

import shutil
from pathlib import Path

import pytest

from ai_studio.models import GenerationJob, Message
from ai_studio.services import conversation_create, credits_grant, job_create
from tests.factories import UserFactory
from tests.seo.test_html_validity import VNU_JAR, _vnu_errors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: the Nu HTML Checker needs it"),
    pytest.mark.skipif(not VNU_JAR.exists(), reason=f"{VNU_JAR} is missing: run `npm ci` (make test does)"),
]


def test_studio_pages_pass_the_nu_html_checker(client, tmp_path, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True)  # staff: the image cards carry the "use as product image" form too
    credits_grant(user=staff, amount=200, reason="test")
    conversation = conversation_create(user=staff, model="demo-chat", title="Essai")
    Message.objects.create(conversation=conversation, role="user", content="Du **code** ?")
    Message.objects.create(conversation=conversation, role="assistant", content="```python\nprint('ok')\n```")
    running = GenerationJob.objects.create(
        user=staff, kind="chat", model="demo-chat", provider="demo", prompt="x", status="running"
    )
    Message.objects.create(conversation=conversation, role="assistant", content="Début", job=running)
    with django_capture_on_commit_callbacks(execute=True):
        job_create(user=staff, kind="image", model="demo-image", prompt="Un phare", params={"size": "256x256"})
    client.force_login(staff)
    pages = {
        "home": client.get("/studio/"),
        "chat": client.get("/studio/chat/"),
        "chat-errors": client.post("/studio/chat/", {"model": "nope"}),
        "conversation": client.get(f"/studio/chat/{conversation.pk}/"),
        "images": client.get("/studio/images/"),
        "images-errors": client.post("/studio/images/", {"model": "demo-image", "prompt": "", "count": 9}),
        "gallery": client.get("/studio/creations/"),
        "credits": client.get("/studio/credits/"),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    report = [f"{Path(error['url']).name}:{error.get('lastLine')}: {error['message']}" for error in _vnu_errors(files)]
    assert report == [], "\n".join(report)
