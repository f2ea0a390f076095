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


def invalid(field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, extra={"fields": {field: [message]}})


def prompt_clean(prompt: str) -> str:
    """Return the prompt stripped; refuse an empty one or one longer than ``AI_PROMPT_MAX_LENGTH``."""
    prompt = (prompt or "").strip()
    if not prompt:
        raise invalid("prompt", _("Write a prompt."), AiErrorCode.PROMPT_EMPTY)
    limit = settings.AI_PROMPT_MAX_LENGTH
    if len(prompt) > limit:
        message = _("The prompt is too long (%(limit)d characters at most).") % {"limit": limit}
        raise invalid("prompt", message, AiErrorCode.PROMPT_TOO_LONG)
    return prompt


def int_param(params: dict, name: str, default: int, low: int, high: int) -> int:
    """Return ``params[name]`` (or ``default``), a whole number from ``low`` to ``high``; refuse anything else."""
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        message = _("%(name)s: give a whole number from %(low)d to %(high)d.")
        raise invalid("params", message % {"name": name, "low": low, "high": high})
    return value


def chat_params_clean(params: dict) -> dict[str, Any]:
    """Return a chat job's parameters: ``max_tokens`` and an optional ``system_prompt``."""
    cleaned: dict[str, Any] = {
        "max_tokens": int_param(params, "max_tokens", DEFAULT_OUTPUT_TOKENS, 1, MAX_OUTPUT_TOKENS)
    }
    system_prompt = params.get("system_prompt", "")
    if not isinstance(system_prompt, str) or len(system_prompt) > settings.AI_PROMPT_MAX_LENGTH:
        raise invalid("params", _("The system prompt must be a text of reasonable length."))
    if system_prompt.strip():
        cleaned["system_prompt"] = system_prompt.strip()
    return cleaned


def image_params_clean(params: dict) -> dict[str, Any]:
    """Return an image job's parameters: ``size``, ``count`` and ``style``."""
    size = params.get("size", "1024x1024")
    if size not in IMAGE_SIZES:
        raise invalid("params", _("Choose one of these sizes: %(sizes)s.") % {"sizes": ", ".join(IMAGE_SIZES)})
    style = params.get("style", "")
    if not isinstance(style, str) or len(style) > 50:
        raise invalid("params", _("The style must be a short text (50 characters at most)."))
    return {"size": size, "count": int_param(params, "count", 1, 1, MAX_IMAGES), "style": style.strip()}


def params_object(params: Any) -> dict[str, Any]:
    """Return ``params`` as a dict (None is an empty one); refuse anything that is not an object."""
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise invalid("params", _("The parameters must be an object."))
    return params


def chat_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve for a chat answer: the prompt's tokens and the longest answer allowed."""
    words = len(prompt.split()) + len(params.get("system_prompt", "").split())
    input_tokens = max(1, round(words * 1.5))  # a word is one to two tokens
    return model.tokens_cost(input_tokens=input_tokens, output_tokens=params["max_tokens"])


def image_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve for the images asked."""
    return model.images_cost(count=params["count"])
