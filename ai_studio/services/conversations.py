"""Conversations: create, rename, delete, send a message, and stream the assistant's reply.

Each reply is a chat ``GenerationJob`` (so its credits are reserved, settled and
refunded like any job) linked to a pending assistant ``Message``. The task
streams the provider's answer, saves the partial text every ``FLUSH_SECONDS``
(a refresh or a second tab re-attaches to it) and pushes each piece to the
conversation's group: ``{type: "delta", message_id, text, offset}``, then
``{type: "done", message_id, status, content, usage, cost, error}``.
"""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError, NotFound
from webox.common.realtime import group_send_now

from ..catalogue import AiModel, model_get
from ..errors import AiErrorCode
from ..models import Conversation, GenerationJob, Message
from ..moderation import prompt_moderate
from ..providers import ChatDelta, ChatRequest, ProviderError, Usage, provider_get
from ..providers import messages_tuple as _messages
from .credits import credits_reserve, credits_settle
from .jobs import job_fail, job_failure_message, job_model_get, job_start, jobs_daily_limit_check
from .params import DEFAULT_OUTPUT_TOKENS, invalid, prompt_clean

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 0.5
Status = GenerationJob.Status
Role = Message.Role


def conversation_group(conversation_id: int) -> str:
    """Return the channel-layer group of a conversation's live events."""
    return f"ai-conversation-{conversation_id}"


def conversation_create(*, user, model: str, title: str = "", system_prompt: str = "") -> Conversation:
    """Open a conversation with the chat ``model`` (it must exist and serve now).

    The instructions are a prompt like any other: as long as ``AI_PROMPT_MAX_LENGTH`` at most, and moderated.
    """
    ai_model = job_model_get(GenerationJob.Kind.CHAT, model)
    system_prompt = _system_prompt_clean(system_prompt)
    return Conversation.objects.create(
        user=user, model=ai_model.id, title=title.strip()[:200], system_prompt=system_prompt
    )


def _system_prompt_clean(system_prompt: str) -> str:
    system_prompt = (system_prompt or "").strip()
    limit = settings.AI_PROMPT_MAX_LENGTH
    if len(system_prompt) > limit:
        message = _("The instructions are too long (%(limit)d characters at most).") % {"limit": limit}
        raise invalid("system_prompt", message, AiErrorCode.PROMPT_TOO_LONG)
    prompt_moderate(system_prompt, field="system_prompt")
    return system_prompt


def conversation_get_for(*, user, conversation_id: int) -> Conversation:
    """Return the user's own conversation; anyone else's is a ``NotFound``."""
    conversation = Conversation.objects.filter(user=user, pk=conversation_id).first()
    if conversation is None:
        raise NotFound(_("This conversation does not exist."), code=AiErrorCode.CONVERSATION_NOT_FOUND)
    return conversation


def conversation_rename(*, conversation: Conversation, title: str) -> Conversation:
    """Give the conversation a new title (200 characters at most)."""
    conversation.title = title.strip()[:200]
    conversation.save(update_fields=["title", "updated_at"])
    return conversation


def conversation_delete(*, conversation: Conversation) -> None:
    """Delete the conversation and its messages (the jobs and the credit ledger stay)."""
    conversation.delete()


def _content_clean(content: str) -> str:
    try:
        return prompt_clean(content)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, code=exc.code, extra={"fields": {"content": [exc.message]}}) from None


def _history(conversation: Conversation, *, before: Message | None = None) -> list[tuple[str, str]]:
    """Return the ``(role, content)`` pairs of the conversation so far, system prompt first."""
    pairs = [("system", conversation.system_prompt)] if conversation.system_prompt else []
    messages = conversation.messages.exclude(content="")
    if before is not None:
        messages = messages.filter(pk__lt=before.pk)
    return pairs + [(message.role, message.content) for message in messages]


def _estimate(model: AiModel, pairs: list[tuple[str, str]]) -> int:
    words = sum(len(content.split()) for _role, content in pairs)
    return model.tokens_cost(input_tokens=max(1, round(words * 1.5)), output_tokens=DEFAULT_OUTPUT_TOKENS)


def _enqueue(message_id: int) -> None:
    from ..tasks import chat_reply_task

    chat_reply_task.delay(message_id)


def message_send(*, conversation: Conversation, content: str) -> tuple[Message, Message]:
    """Add the user's message and a pending reply, reserve its estimated cost (402 when short), stream after commit."""
    content = _content_clean(content)
    prompt_moderate(content, field="content")
    model = job_model_get(GenerationJob.Kind.CHAT, conversation.model)
    user = conversation.user
    jobs_daily_limit_check(user)
    estimate = _estimate(model, [*_history(conversation), ("user", content)])
    with transaction.atomic():
        params = {"max_tokens": DEFAULT_OUTPUT_TOKENS, "system_prompt": conversation.system_prompt}
        job = GenerationJob.objects.create(
            user=user,
            kind=GenerationJob.Kind.CHAT,
            model=model.id,
            provider=model.provider,
            prompt=content,
            params=params,
        )
        credits_reserve(user=user, amount=estimate, job=job)
        question = Message.objects.create(conversation=conversation, role=Role.USER, content=content)
        reply = Message.objects.create(conversation=conversation, role=Role.ASSISTANT, job=job)
        conversation.save(update_fields=["updated_at"])
        transaction.on_commit(lambda: _enqueue(reply.pk))
    return question, reply


def message_status(message: Message) -> str:
    """Return ``pending`` (queued or streaming), ``complete``, ``failed`` or ``cancelled``."""
    if message.job_id is None:
        return "complete"
    status = message.job.status
    if status in (Status.QUEUED, Status.RUNNING):
        return "pending"
    return "complete" if status == Status.SUCCEEDED else str(status)


def message_running_list(*, conversation: Conversation) -> list[Message]:
    """Return the conversation's replies still being written, with their partial text."""
    running = (Status.QUEUED, Status.RUNNING)
    return list(conversation.messages.filter(role=Role.ASSISTANT, job__status__in=running).select_related("job"))


class _Stream:
    """Collect a streamed answer, push each piece and save the text every ``FLUSH_SECONDS``."""

    def __init__(self, message: Message):
        self.message, self.group = message, conversation_group(message.conversation_id)
        self.text, self.usage, self.flushed_at = "", None, time.time()

    def add(self, delta: ChatDelta) -> bool:
        """Take one piece; return True when the text was just saved."""
        if delta.usage is not None:
            self.usage = delta.usage
        if delta.text:
            event = {"type": "delta", "message_id": self.message.pk, "text": delta.text, "offset": len(self.text)}
            self.text += delta.text
            group_send_now(self.group, {"type": "chat.event", "event": event})
        if time.time() - self.flushed_at < FLUSH_SECONDS:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        Message.objects.filter(pk=self.message.pk).update(content=self.text)
        self.flushed_at = time.time()

    def cancelled(self) -> bool:
        return GenerationJob.objects.filter(pk=self.message.job_id, status=Status.CANCELLED).exists()


def _stream_run(stream: _Stream, model: AiModel) -> None:
    """Stream the provider's answer into ``stream``; stop early when the job is cancelled (stop button)."""
    message = stream.message
    history = _messages(_history(message.conversation, before=message))
    request = ChatRequest(model=model.model, messages=history, max_tokens=message.job.params["max_tokens"])
    stream.flush()  # a retried task starts again from an empty answer
    for delta in provider_get(model.provider).chat_stream(request):
        if stream.add(delta) and stream.cancelled():
            break


def _usage_of(stream: _Stream, message: Message) -> Usage:
    """Return the usage the provider reported, or count words when it reported none."""
    if stream.usage is not None:
        return stream.usage
    words = sum(len(content.split()) for _role, content in _history(message.conversation, before=message))
    return Usage(input_tokens=words, output_tokens=len(stream.text.split()))


def _reply_succeed(message: Message, model: AiModel, stream: _Stream) -> None:
    """Save the whole answer and its usage, and settle the real cost (a cancelled reply keeps its text only)."""
    usage = _usage_of(stream, message)
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().get(pk=message.job_id)
        message.content = stream.text
        if job.is_finished:
            message.save(update_fields=["content"])
            return
        job.input_tokens, job.output_tokens = usage.input_tokens, usage.output_tokens
        job.status, job.progress, job.finished_at = Status.SUCCEEDED, 100, timezone.now()
        job.save()
        job = credits_settle(
            job=job, cost=model.tokens_cost(input_tokens=usage.input_tokens, output_tokens=usage.output_tokens)
        )
        message.input_tokens, message.output_tokens, message.cost = usage.input_tokens, usage.output_tokens, job.cost
        message.save(update_fields=["content", "input_tokens", "output_tokens", "cost"])


def _done_send(message_id: int) -> None:
    message = Message.objects.select_related("job").get(pk=message_id)
    event = {
        "type": "done",
        "message_id": message.pk,
        "status": message_status(message),
        "content": message.content,
        "usage": {"input_tokens": message.input_tokens, "output_tokens": message.output_tokens},
        "cost": message.cost,
        "error": message.job.error if message.job_id else "",
    }
    group_send_now(conversation_group(message.conversation_id), {"type": "chat.event", "event": event})


def _reply_fail(message: Message, text: str, error: str) -> None:
    Message.objects.filter(pk=message.pk).update(content=text)
    job_fail(message.job_id, error)


def message_reply_run(*, message_id: int, final_attempt: bool = True) -> None:
    """Stream the reply ``message_id``; a retryable provider error is raised again unless this is the final attempt."""
    message = Message.objects.select_related("conversation").filter(pk=message_id, job__isnull=False).first()
    if message is None or job_start(message.job_id) is None:
        return
    stream = _Stream(message)
    try:
        model = model_get(model_id=message.conversation.model)
        _stream_run(stream, model)
    except ProviderError as exc:
        if exc.retryable and not final_attempt:
            raise
        _reply_fail(message, stream.text, job_failure_message(exc))
    except Exception:
        logger.exception("AI chat reply %s failed", message_id)
        _reply_fail(message, stream.text, _("The generation failed. Your credits were given back."))
    else:
        _reply_succeed(message, model, stream)
    _done_send(message_id)
