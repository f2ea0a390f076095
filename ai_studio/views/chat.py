"""The chat pages: conversations (search, open, rename, delete), the thread, and sending without JavaScript.

The page streams replies over ``ws/ai/conversations/<id>/`` (static/js/studio-chat.js);
every action also works as a plain form post that redirects back.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from webox.common.errors import ApplicationError, NotFound
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..forms import SYSTEM_PROMPT_PRESETS, ConversationForm, MessageForm, RenameForm
from ..models import Conversation, Message
from ..services import conversation_create, conversation_delete, conversation_get_for, conversation_rename, message_send
from .common import form_error, studio_models

CONVERSATIONS_SHOWN = 50


def _conversation_or_404(request: HttpRequest, conversation_id: int) -> Conversation:
    try:
        return conversation_get_for(user=request.user, conversation_id=conversation_id)
    except NotFound:
        raise Http404(_("This conversation does not exist.")) from None


def _wants_fragment(request: HttpRequest) -> bool:
    """Return whether the page's script sent the form (it takes HTML fragments or JSON errors back)."""
    return request.headers.get("X-Requested-With") == "fetch"


def _page(request: HttpRequest, *, conversation=None, **forms) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    models = studio_models("chat")
    context = {
        "conversations": selectors.conversation_list(user=request.user, search=search)[:CONVERSATIONS_SHOWN],
        "search": search,
        "new_form": forms.get("new_form") or ConversationForm(models=models),
        "presets": [(key, str(prompt)) for key, _label, prompt in SYSTEM_PROMPT_PRESETS],
        "conversation": conversation,
    }
    if conversation is not None:
        names = {model.id: (model.name, demo) for model, demo in models}
        context["conversation_model"] = names.get(conversation.model, (conversation.model, False))
        context["message_form"] = forms.get("message_form") or MessageForm()
        context["rename_form"] = forms.get("rename_form") or RenameForm(initial={"title": conversation.title})
    status = 400 if any(form.errors for form in forms.values() if form is not None) else 200
    return render(request, "ai_studio/chat.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def chat_home(request: HttpRequest) -> HttpResponse:
    """List the user's conversations (``?q=`` searches titles and messages); POST opens a new one."""
    if request.method != "POST":
        return _page(request)
    form = ConversationForm(request.POST, models=studio_models("chat"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            conversation = conversation_create(
                user=request.user, model=data["model"], title=data["title"], system_prompt=data["system_prompt"]
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            return redirect("ai_studio:conversation", conversation_id=conversation.pk)
    return _page(request, new_form=form)


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Show a conversation's thread; POST sends a message (the reply streams, or is there after the redirect)."""
    conversation = _conversation_or_404(request, conversation_id)
    if request.method != "POST":
        conversation = selectors.conversation_with_messages(conversation_id=conversation.pk)
        return _page(request, conversation=conversation)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            question, reply = message_send(conversation=conversation, content=form.cleaned_data["content"])
        except ApplicationError as exc:
            if _wants_fragment(request):
                return JsonResponse({"code": exc.code, "detail": exc.message}, status=exc.status_code)
            form_error(form, exc)
        else:
            if _wants_fragment(request):
                sent = selectors.message_list(ids=[question.pk, reply.pk])
                return render(request, "ai_studio/_messages.html", {"chat_messages": sent}, status=201)
            return redirect(f"{conversation_url(conversation)}#message-{reply.pk}")
    elif _wants_fragment(request):
        return JsonResponse({"code": "invalid", "detail": _("Write a message.")}, status=400)
    conversation = selectors.conversation_with_messages(conversation_id=conversation.pk)
    return _page(request, conversation=conversation, message_form=form)


@require_POST
@login_required
@ratelimit_tier("moderate")
def conversation_rename_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Give the conversation a new title."""
    conversation = _conversation_or_404(request, conversation_id)
    form = RenameForm(request.POST)
    if not form.is_valid():
        conversation = selectors.conversation_with_messages(conversation_id=conversation.pk)
        return _page(request, conversation=conversation, rename_form=form)
    conversation_rename(conversation=conversation, title=form.cleaned_data["title"])
    messages.success(request, _("The conversation was renamed."))
    return redirect(conversation_url(conversation))


@require_POST
@login_required
@ratelimit_tier("moderate")
def conversation_delete_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Delete the conversation and its messages."""
    conversation_delete(conversation=_conversation_or_404(request, conversation_id))
    messages.success(request, _("The conversation was deleted."))
    return redirect("ai_studio:chat")


@require_GET
@login_required
def message_fragment(request: HttpRequest, conversation_id: int, message_id: int) -> HttpResponse:
    """Return one message of the user's conversation as HTML (its Markdown rendered and sanitised)."""
    conversation = _conversation_or_404(request, conversation_id)
    message = Message.objects.select_related("job").filter(conversation=conversation, pk=message_id).first()
    if message is None:
        raise Http404(_("This message does not exist."))
    response = render(request, "ai_studio/_messages.html", {"chat_messages": [message]})
    response["Cache-Control"] = "private, no-store"
    return response


def conversation_url(conversation: Conversation) -> str:
    return reverse("ai_studio:conversation", args=[conversation.pk])
