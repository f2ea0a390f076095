"""Check a job's prompt and parameters and estimate what it will cost, before anything is reserved."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError

from ..catalogue import AiModel
from ..errors import AiErrorCode

IMAGE_SIZES = ("256x256", "512x512", "1024x1024", "1024x1536", "1536x1024")
MAX_IMAGES = 4
MAX_OUTPUT_TOKENS = 4096
DEFAULT_OUTPUT_TOKENS = 1024


def _invalid(field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, extra={"fields": {field: [message]}})


def prompt_clean(prompt: str) -> str:
    """Return the prompt stripped; refuse an empty one or one longer than ``AI_PROMPT_MAX_LENGTH``."""
    prompt = (prompt or "").strip()
    if not prompt:
        raise _invalid("prompt", _("Write a prompt."), AiErrorCode.PROMPT_EMPTY)
    limit = settings.AI_PROMPT_MAX_LENGTH
    if len(prompt) > limit:
        message = _("The prompt is too long (%(limit)d characters at most).") % {"limit": limit}
        raise _invalid("prompt", message, AiErrorCode.PROMPT_TOO_LONG)
    return prompt


def _int_param(params: dict, name: str, default: int, low: int, high: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        message = _("%(name)s: give a whole number from %(low)d to %(high)d.")
        raise _invalid("params", message % {"name": name, "low": low, "high": high})
    return value


def _chat_params(params: dict) -> dict[str, Any]:
    cleaned: dict[str, Any] = {
        "max_tokens": _int_param(params, "max_tokens", DEFAULT_OUTPUT_TOKENS, 1, MAX_OUTPUT_TOKENS)
    }
    system_prompt = params.get("system_prompt", "")
    if not isinstance(system_prompt, str) or len(system_prompt) > settings.AI_PROMPT_MAX_LENGTH:
        raise _invalid("params", _("The system prompt must be a text of reasonable length."))
    if system_prompt.strip():
        cleaned["system_prompt"] = system_prompt.strip()
    return cleaned


def _image_params(params: dict) -> dict[str, Any]:
    size = params.get("size", "1024x1024")
    if size not in IMAGE_SIZES:
        raise _invalid("params", _("Choose one of these sizes: %(sizes)s.") % {"sizes": ", ".join(IMAGE_SIZES)})
    style = params.get("style", "")
    if not isinstance(style, str) or len(style) > 50:
        raise _invalid("params", _("The style must be a short text (50 characters at most)."))
    return {"size": size, "count": _int_param(params, "count", 1, 1, MAX_IMAGES), "style": style.strip()}


def params_clean(*, capability: str, params: Any) -> dict[str, Any]:
    """Return the parameters a job of ``capability`` understands, with their defaults; refuse bad values."""
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise _invalid("params", _("The parameters must be an object."))
    return _chat_params(params) if capability == "chat" else _image_params(params)


def cost_estimate(*, model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve: the prompt's tokens and the longest answer allowed, or the images asked."""
    if model.capability == "chat":
        words = len(prompt.split()) + len(params.get("system_prompt", "").split())
        input_tokens = max(1, round(words * 1.5))  # a word is one to two tokens
        return model.tokens_cost(input_tokens=input_tokens, output_tokens=params["max_tokens"])
    return model.images_cost(count=params["count"])
