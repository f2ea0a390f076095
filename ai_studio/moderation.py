"""Optional prompt moderation with OpenAI's moderation endpoint, before anything is reserved or queued.

On when ``settings.AI_MODERATION`` is true (the default when an OpenAI key is set) and the
``openai`` provider is configured. A flagged prompt is refused (``prompt_refused``, 400);
when the moderation endpoint itself fails, the prompt passes and the failure is logged:
users are not blocked because moderation is down.
"""

import logging

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from webox.common.errors import ApplicationError

from .errors import AiErrorCode
from .providers import ProviderError, provider_get

logger = logging.getLogger(__name__)
MODERATION_PROVIDER = "openai"
CATEGORY_LABELS = {
    "harassment": gettext_lazy("harassment"),
    "harassment/threatening": gettext_lazy("threatening harassment"),
    "hate": gettext_lazy("hate"),
    "hate/threatening": gettext_lazy("threatening hate"),
    "illicit": gettext_lazy("illicit acts"),
    "illicit/violent": gettext_lazy("violent illicit acts"),
    "self-harm": gettext_lazy("self-harm"),
    "self-harm/instructions": gettext_lazy("self-harm instructions"),
    "self-harm/intent": gettext_lazy("self-harm intent"),
    "sexual": gettext_lazy("sexual content"),
    "sexual/minors": gettext_lazy("sexual content involving minors"),
    "violence": gettext_lazy("violence"),
    "violence/graphic": gettext_lazy("graphic violence"),
}


def moderation_enabled() -> bool:
    """Return whether prompts are checked: the setting is on and the OpenAI provider is configured."""
    return bool(settings.AI_MODERATION) and MODERATION_PROVIDER in settings.AI_PROVIDERS


def prompt_moderate(text: str, *, field: str = "prompt") -> None:
    """Refuse ``text`` when OpenAI's moderation flags it; let it through when moderation is off or fails."""
    if not text or not moderation_enabled():
        return
    try:
        verdict = provider_get(MODERATION_PROVIDER).moderation(text)
    except (ProviderError, ApplicationError) as exc:
        logger.warning("Prompt moderation is unavailable, the prompt passes unchecked: %s", exc)
        return
    if verdict.flagged:
        raise _refusal(verdict.categories, field)


def _refusal(categories: tuple[str, ...], field: str) -> ApplicationError:
    labels = ", ".join(str(CATEGORY_LABELS.get(name, name)) for name in categories)
    if labels:
        message = _("This prompt breaks the content rules (%(categories)s). Rephrase it.") % {"categories": labels}
    else:
        message = _("This prompt breaks the content rules. Rephrase it.")
    return ApplicationError(message, code=AiErrorCode.PROMPT_REFUSED, extra={"fields": {field: [message]}})
