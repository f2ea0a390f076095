"""Conversations: a message reserves credits, its reply streams, is saved and charged its real usage or refunded."""

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from ai_studio.catalogue import model_get
from ai_studio.errors import InsufficientCredits
from ai_studio.models import CreditAccount, GenerationJob, Message
from ai_studio.providers import ChatDelta, ErrorKind, ProviderError, ProviderStatus, Usage
from ai_studio.services import (
    conversation_create,
    conversation_delete,
    conversation_get_for,
    conversation_group,
    conversation_rename,
    message_send,
    message_status,
)
from webox.common.errors import ApplicationError, NotFound

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db

PARTIAL_ANSWER = ("Voici ", "le début ")
FAILING_MODEL = {
    "id": "cut-chat",
    "provider": "cut",
    "model": "cut-1",
    "name": "Cut",
    "capability": "chat",
    "price_in_per_1k": 1,
    "price_out_per_1k": 2,
}


class CutStreamProvider:
    """A chat provider whose stream breaks (an outage) after a few words."""

    label = "Cut"
    is_demo = False

    def __init__(self, *, alias: str):
        self.alias = alias

    def status(self) -> ProviderStatus:
        return ProviderStatus(available=True)

    def chat_stream(self, request):
        for text in PARTIAL_ANSWER:
            yield ChatDelta(text=text)
        raise ProviderError("connection reset", kind=ErrorKind.UNAVAILABLE, provider=self.alias)


@pytest.fixture
def cut_provider(settings):
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "cut": {"CLASS": "tests.ai_studio.test_conversations.CutStreamProvider"},
    }
    settings.AI_MODELS = [*settings.AI_MODELS, FAILING_MODEL]


@pytest.fixture
def memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def _balance(user) -> tuple[int, int]:
    account = CreditAccount.objects.get(user=user)
    return account.balance, account.reserved


def _send(capture, conversation, content: str) -> tuple[Message, Message]:
    """Send a message and run the reply's task queued on commit (Celery is eager in tests)."""
    with capture(execute=True):
        question, reply = message_send(conversation=conversation, content=content)
    question.refresh_from_db()
    reply = Message.objects.select_related("job").get(pk=reply.pk)
    return question, reply


def test_a_reply_streams_from_the_demo_model_and_is_charged_its_real_usage(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="demo-chat", title="Idées", system_prompt="Sois bref.")
    question, reply = _send(django_capture_on_commit_callbacks, conversation, "Bonjour, une idée de slogan ?")
    assert (question.role, question.content, message_status(question)) == (
        "user",
        "Bonjour, une idée de slogan ?",
        "complete",
    )
    assert reply.role == "assistant" and message_status(reply) == "complete"
    assert "démonstration" in reply.content and "une idée de slogan" in reply.content
    # The demo counts words: system prompt (2) + question (6) in, the answer's words out.
    assert reply.input_tokens == 8 and reply.output_tokens == len(reply.content.split())
    expected = model_get(model_id="demo-chat").tokens_cost(input_tokens=8, output_tokens=reply.output_tokens)
    assert reply.cost == expected == reply.job.cost and reply.job.reserved_credits > expected
    assert _balance(customer) == (100 - expected, 0)


def test_the_second_reply_is_given_the_conversation_so_far(django_capture_on_commit_callbacks):
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="demo-chat")
    _question, first = _send(django_capture_on_commit_callbacks, conversation, "Bonjour")
    _question, second = _send(django_capture_on_commit_callbacks, conversation, "Et ensuite ?")
    history_words = 1 + len(first.content.split()) + 3
    assert second.input_tokens == history_words
    assert list(conversation.messages.values_list("role", flat=True)) == ["user", "assistant", "user", "assistant"]


def test_a_broken_stream_refunds_the_credits_and_records_the_error_on_the_reply(
    django_capture_on_commit_callbacks, cut_provider
):
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="cut-chat")
    _question, reply = _send(django_capture_on_commit_callbacks, conversation, "Raconte une histoire")
    assert message_status(reply) == "failed" and reply.job.status == GenerationJob.Status.FAILED
    assert "indisponible" in reply.job.error  # French is the default language
    assert reply.content == "".join(PARTIAL_ANSWER) and reply.cost == 0
    assert _balance(customer) == (100, 0)


def test_sending_without_enough_credits_is_refused_and_adds_no_message():
    customer = funded_user_make(0)
    conversation = conversation_create(user=customer, model="demo-chat")
    with pytest.raises(InsufficientCredits):
        message_send(conversation=conversation, content="Bonjour")
    assert not conversation.messages.exists()


def test_an_empty_message_is_refused_on_the_content_field():
    conversation = conversation_create(user=funded_user_make(100), model="demo-chat")
    with pytest.raises(ApplicationError) as raised:
        message_send(conversation=conversation, content="   ")
    assert raised.value.code == "prompt_empty" and "content" in raised.value.extra["fields"]


def test_a_conversation_needs_a_chat_model():
    with pytest.raises(ApplicationError) as raised:
        conversation_create(user=funded_user_make(100), model="demo-image")
    assert raised.value.code == "wrong_capability"


def test_rename_delete_and_ownership():
    alice, bob = funded_user_make(10), funded_user_make(10)
    conversation = conversation_create(user=alice, model="demo-chat", title="Brouillon")
    assert conversation_rename(conversation=conversation, title="  Final  ").title == "Final"
    assert conversation_get_for(user=alice, conversation_id=conversation.pk) == conversation
    with pytest.raises(NotFound):
        conversation_get_for(user=bob, conversation_id=conversation.pk)
    conversation_delete(conversation=conversation)
    with pytest.raises(NotFound):
        conversation_get_for(user=alice, conversation_id=conversation.pk)


def test_each_piece_of_the_reply_is_pushed_to_the_conversation_group_then_done(
    django_capture_on_commit_callbacks, memory_layer
):
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="demo-chat")
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(conversation_group(conversation.pk), channel)
    _question, reply = _send(django_capture_on_commit_callbacks, conversation, "Bonjour")
    events = []
    while not events or events[-1]["type"] != "done":
        events.append(async_to_sync(layer.receive)(channel)["event"])
    deltas, done = events[:-1], events[-1]
    assert all(event["type"] == "delta" and event["message_id"] == reply.pk for event in deltas)
    assert "".join(event["text"] for event in deltas) == reply.content
    assert [event["offset"] for event in deltas][:2] == [0, len(deltas[0]["text"])]
    assert done == {
        "type": "done",
        "message_id": reply.pk,
        "status": "complete",
        "content": reply.content,
        "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
        "cost": reply.cost,
        "error": "",
    }


def test_usage_is_counted_when_the_provider_reports_none(django_capture_on_commit_callbacks, settings):
    """A stream without a usage event is still charged (words counted), never recorded at zero cost."""
    settings.AI_PROVIDERS = {**settings.AI_PROVIDERS, "cut": {"CLASS": "tests.ai_studio.test_conversations.Quiet"}}
    settings.AI_MODELS = [*settings.AI_MODELS, FAILING_MODEL]
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="cut-chat")
    _question, reply = _send(django_capture_on_commit_callbacks, conversation, "Un deux trois")
    assert (reply.content, reply.input_tokens, reply.output_tokens) == ("Quatre cinq", 3, 2)
    assert reply.cost == 1 and _balance(customer) == (99, 0)


class Quiet(CutStreamProvider):
    """A provider that streams an answer but reports no usage."""

    def chat_stream(self, request):
        yield ChatDelta(text="Quatre ")
        yield ChatDelta(text="cinq", finish_reason="stop")


def test_usage_reported_by_the_provider_wins(django_capture_on_commit_callbacks, settings):
    settings.AI_PROVIDERS = {**settings.AI_PROVIDERS, "cut": {"CLASS": "tests.ai_studio.test_conversations.Counted"}}
    settings.AI_MODELS = [*settings.AI_MODELS, FAILING_MODEL]
    customer = funded_user_make(100)
    conversation = conversation_create(user=customer, model="cut-chat")
    _question, reply = _send(django_capture_on_commit_callbacks, conversation, "Bonjour")
    # 2,000 tokens in at 1 and 3,000 out at 2 credits per 1,000: 8 credits.
    assert (reply.input_tokens, reply.output_tokens, reply.cost) == (2000, 3000, 8)
    assert _balance(customer) == (92, 0)


class Counted(CutStreamProvider):
    """A provider that reports its usage in the last piece of the stream."""

    def chat_stream(self, request):
        yield ChatDelta(text="Oui.")
        yield ChatDelta(usage=Usage(input_tokens=2000, output_tokens=3000), finish_reason="stop")


class Observing(CutStreamProvider):
    """A slow provider: a second passes between its pieces; it notes the reply's saved text before each piece."""

    traveller = None
    seen: list[str] = []

    def chat_stream(self, request):
        for text in ("Un ", "deux ", "trois"):
            Observing.seen.append(Message.objects.filter(role="assistant").get().content)
            yield ChatDelta(text=text)
            Observing.traveller.shift(1)


def test_the_partial_reply_is_saved_while_it_streams(django_capture_on_commit_callbacks, settings):
    """A refresh or a second tab finds the text streamed so far (saved at least every half second)."""
    settings.AI_PROVIDERS = {**settings.AI_PROVIDERS, "cut": {"CLASS": "tests.ai_studio.test_conversations.Observing"}}
    settings.AI_MODELS = [*settings.AI_MODELS, FAILING_MODEL]
    conversation = conversation_create(user=funded_user_make(100), model="cut-chat")
    Observing.seen = []
    with time_machine.travel("2026-11-26 10:00", tick=False) as traveller:
        Observing.traveller = traveller
        _question, reply = _send(django_capture_on_commit_callbacks, conversation, "Compte")
    # Saved with the first piece that arrives half a second or more after the last save.
    assert Observing.seen == ["", "", "Un deux "]
    assert reply.content == "Un deux trois"
