"""The chat pages under /studio/chat/: conversations (open, search, rename, delete), the thread, sending without JS."""

import pytest

from ai_studio.forms import preset_prompt
from ai_studio.models import AiSwitch, Conversation, GenerationJob, Message
from ai_studio.services import conversation_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

CHAT = "/studio/chat/"


def _thread_url(conversation: Conversation) -> str:
    return f"{CHAT}{conversation.pk}/"


def _signed_in(client, credits: int = 100):
    user = funded_user_make(credits)
    client.force_login(user)
    return user


def test_chat_pages_need_a_signed_in_user(client):
    conversation = conversation_create(user=funded_user_make(), model="demo-chat")
    for url in (CHAT, _thread_url(conversation), f"{_thread_url(conversation)}messages/1/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"{_thread_url(conversation)}delete/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Conversation.objects.filter(pk=conversation.pk).exists()


def test_model_picker_disables_unavailable_models_with_their_reason_and_labels_the_demo(client):
    _signed_in(client)
    AiSwitch.objects.create(scope="model", name="demo-chat", enabled=False, reason="Maintenance du soir")
    form = client.get(CHAT).context["new_form"]
    html = str(form["model"])
    assert '<option value="demo-chat" disabled>' in html and "Maintenance du soir" in html
    assert 'value="gpt-4.1-mini" disabled' in html  # no OpenAI key in tests


def test_demo_model_is_labelled_demo_in_the_picker(client):
    _signed_in(client)
    choices = dict(client.get(CHAT).context["new_form"].fields["model"].choices)
    assert choices["demo-chat"].startswith("Démo chat (hors ligne) — ")


def test_a_preset_fills_the_system_prompt_of_a_new_conversation(client):
    user = _signed_in(client)
    response = client.post(CHAT, {"model": "demo-chat", "preset": "translator", "title": "Traductions"})
    conversation = Conversation.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == _thread_url(conversation)
    assert conversation.title == "Traductions"
    assert conversation.system_prompt == preset_prompt("translator") != ""


def test_own_instructions_win_over_the_preset(client):
    user = _signed_in(client)
    client.post(CHAT, {"model": "demo-chat", "preset": "seo", "system_prompt": "Réponds en alexandrins."})
    assert Conversation.objects.get(user=user).system_prompt == "Réponds en alexandrins."


def test_an_unavailable_or_unknown_model_is_a_form_error_and_nothing_is_created(client):
    _signed_in(client)
    AiSwitch.objects.create(scope="model", name="demo-chat", enabled=False, reason="Maintenance")
    for model in ("demo-chat", "no-such-model", "demo-image"):
        response = client.post(CHAT, {"model": model, "title": "Gardé", "system_prompt": "Mes consignes"})
        assert response.status_code == 400 and response.context["new_form"].errors["model"]
        assert response.context["new_form"]["system_prompt"].value() == "Mes consignes"  # nothing typed is lost
    assert not Conversation.objects.exists()


def test_sending_without_javascript_shows_the_rendered_answer_with_tokens_and_cost(
    client, django_capture_on_commit_callbacks
):
    user = _signed_in(client)
    conversation = conversation_create(user=user, model="demo-chat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_thread_url(conversation), {"content": "Un slogan **vert**"})
    reply = Message.objects.get(conversation=conversation, role="assistant")
    assert response.status_code == 302 and response["Location"] == f"{_thread_url(conversation)}#message-{reply.pk}"
    page = client.get(_thread_url(conversation)).content.decode()
    assert f'id="message-{reply.pk}"' in page and 'data-message-status="complete"' in page
    assert "<strong>vert</strong>" in page  # the user's Markdown, rendered
    assert reply.cost > 0 and reply.output_tokens > 0
    usage = page.split("data-message-usage>", 1)[1].split("</p>", 1)[0]
    assert str(reply.input_tokens) in usage and str(reply.output_tokens) in usage and str(reply.cost) in usage


def test_the_page_script_gets_both_messages_as_html_fragments(client):
    user = _signed_in(client)
    conversation = conversation_create(user=user, model="demo-chat")
    response = client.post(_thread_url(conversation), {"content": "Bonjour"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 201
    question, reply = Message.objects.filter(conversation=conversation).order_by("pk")
    html = response.content.decode()
    assert f'data-message-id="{question.pk}"' in html and f'data-message-id="{reply.pk}"' in html
    # The reply's task runs after commit: it is pending, with a stop form for its job.
    assert 'data-message-status="pending"' in html and f'data-message-job="{reply.job_id}"' in html
    assert f'action="/studio/jobs/{reply.job_id}/cancel/"' in html


def test_the_page_script_gets_a_json_error_when_credits_are_short(client):
    user = _signed_in(client, credits=0)
    conversation = conversation_create(user=user, model="demo-chat")
    response = client.post(_thread_url(conversation), {"content": "Bonjour"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 402 and response.json()["code"] == "insufficient_credits"
    assert not Message.objects.exists()


def test_an_empty_message_or_short_credits_keep_the_text_and_create_nothing(client):
    user = _signed_in(client, credits=0)
    conversation = conversation_create(user=user, model="demo-chat")
    empty = client.post(_thread_url(conversation), {"content": "   "})
    assert empty.status_code == 400 and empty.context["message_form"].errors["content"]
    short = client.post(_thread_url(conversation), {"content": "Mon long texte à garder"})
    assert short.status_code == 400 and short.context["message_form"].non_field_errors()
    assert "Mon long texte à garder" in short.content.decode()
    assert not Message.objects.exists() and not GenerationJob.objects.exists()


def test_stored_answers_are_sanitised_and_a_pending_one_is_plain_text(client):
    user = _signed_in(client)
    conversation = conversation_create(user=user, model="demo-chat")
    Message.objects.create(conversation=conversation, role="assistant", content="Voici <script>alert(1)</script>")
    job = GenerationJob.objects.create(
        user=user, kind="chat", model="demo-chat", provider="demo", prompt="x", status="running"
    )
    Message.objects.create(conversation=conversation, role="assistant", content="**partiel** <b>x</b>", job=job)
    page = client.get(_thread_url(conversation)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "data-message-text>**partiel** &lt;b&gt;x&lt;/b&gt;</div>" in page  # streaming text is never HTML


def test_a_message_fragment_renders_one_message_of_the_users_conversation(client):
    user = _signed_in(client)
    conversation = conversation_create(user=user, model="demo-chat")
    message = Message.objects.create(conversation=conversation, role="assistant", content="```\nprint(1)\n```")
    response = client.get(f"{_thread_url(conversation)}messages/{message.pk}/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "<pre><code>print(1)" in response.content.decode()
    other = conversation_create(user=user, model="demo-chat")
    assert client.get(f"{_thread_url(other)}messages/{message.pk}/").status_code == 404


def test_search_finds_conversations_by_title_or_message(client):
    user = _signed_in(client)
    by_title = conversation_create(user=user, model="demo-chat", title="Recettes de crêpes")
    by_message = conversation_create(user=user, model="demo-chat", title="Divers")
    Message.objects.create(conversation=by_message, role="user", content="Une recette de galette ?")
    conversation_create(user=user, model="demo-chat", title="Impôts")
    found = list(client.get(CHAT, {"q": "recette"}).context["conversations"])
    assert sorted(found, key=lambda item: item.pk) == [by_title, by_message]


def test_rename_and_delete_a_conversation(client):
    user = _signed_in(client)
    conversation = conversation_create(user=user, model="demo-chat", title="Ancien")
    response = client.post(f"{_thread_url(conversation)}rename/", {"title": "Nouveau titre"})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.title == "Nouveau titre"
    bad = client.post(f"{_thread_url(conversation)}rename/", {"title": ""})
    assert bad.status_code == 400 and bad.context["rename_form"].errors["title"]
    response = client.post(f"{_thread_url(conversation)}delete/")
    assert response.status_code == 302 and response["Location"] == CHAT
    assert not Conversation.objects.filter(pk=conversation.pk).exists()


def test_another_users_conversation_is_a_404_everywhere(client):
    owner = funded_user_make()
    conversation = conversation_create(user=owner, model="demo-chat", title="Secret")
    message = Message.objects.create(conversation=conversation, role="user", content="Confidentiel")
    _signed_in(client)
    assert "Secret" not in client.get(CHAT).content.decode()
    assert client.get(CHAT, {"q": "Confidentiel"}).context["conversations"].count() == 0
    url = _thread_url(conversation)
    assert client.get(url).status_code == 404
    assert client.post(url, {"content": "intrusion"}).status_code == 404
    assert client.post(f"{url}rename/", {"title": "volé"}).status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    assert client.get(f"{url}messages/{message.pk}/").status_code == 404
    conversation.refresh_from_db()
    assert conversation.title == "Secret" and conversation.messages.count() == 1


def test_a_long_thread_and_list_take_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    user = _signed_in(client)
    conversation = conversation_create(user=user, model="demo-chat")
    for number in range(30):
        conversation_create(user=user, model="demo-chat", title=f"C{number}")
        job = GenerationJob.objects.create(
            user=user, kind="chat", model="demo-chat", provider="demo", prompt="q", status="succeeded"
        )
        Message.objects.create(conversation=conversation, role="user", content=f"Question {number}")
        Message.objects.create(conversation=conversation, role="assistant", content=f"**R{number}**", job=job)
    with django_assert_max_num_queries(11):
        response = client.get(_thread_url(conversation))
    assert response.status_code == 200 and response.content.decode().count('data-message-status="complete"') == 60
