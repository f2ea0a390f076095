"""The model catalogue (``settings.AI_MODELS``): what each model can do, what it costs, whether it serves now."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError

from .errors import AiErrorCode
from .providers import ProviderError, providers


@dataclass(frozen=True)
class AiModel:
    """One entry of the catalogue, with its availability resolved against the configured providers."""

    id: str
    provider: str
    model: str
    name: str
    capability: str
    price_in_per_1k: int = 0
    price_out_per_1k: int = 0
    price_per_image: int = 0
    price_per_second: int = 0  # speech, music and video: credits per second of the result
    available: bool = False
    reason: str = ""

    @property
    def credit_price(self) -> dict[str, int]:
        """Return the prices that apply to this model's capability, in credits."""
        if self.capability == "chat":
            return {"input_per_1k_tokens": self.price_in_per_1k, "output_per_1k_tokens": self.price_out_per_1k}
        if self.capability == "image":
            return {"per_image": self.price_per_image}
        return {"per_second": self.price_per_second}

    def tokens_cost(self, *, input_tokens: int, output_tokens: int) -> int:
        """Return the credits for this many tokens, rounded up, at least 1."""
        total = input_tokens * self.price_in_per_1k + output_tokens * self.price_out_per_1k
        return max(1, math.ceil(total / 1000))

    def images_cost(self, *, count: int) -> int:
        return self.price_per_image * count

    def seconds_cost(self, *, seconds: float) -> int:
        """Return the credits for this many seconds of audio or video, rounded up to the second."""
        return self.price_per_second * math.ceil(max(0.0, seconds))


def _switched_off() -> dict[tuple[str, str], str]:
    """Return the providers and models staff turned off, with their reasons, in one query."""
    from .models import AiSwitch

    rows = AiSwitch.objects.filter(enabled=False).values_list("scope", "name", "reason")
    return {(scope, name): reason for scope, name, reason in rows}


def _switch_reason(off: dict[tuple[str, str], str], entry: dict) -> str | None:
    """Return why staff turned off ``entry``'s provider or model, or None when they did not."""
    for key in (("provider", entry["provider"]), ("model", entry["id"])):
        if key in off:
            return off[key] or _("Turned off by the WEBOX team for now.")
    return None


def _resolve(entry: dict, statuses: dict[str, tuple[bool, str]], off: dict[tuple[str, str], str]) -> AiModel:
    reason = _switch_reason(off, entry)
    if reason is not None:
        return AiModel(**entry, available=False, reason=reason)
    alias = entry["provider"]
    if alias not in statuses:
        statuses[alias] = _availability(alias)
    available, reason = statuses[alias]
    return AiModel(**entry, available=available, reason=reason)


def _availability(provider_alias: str) -> tuple[bool, str]:
    """Return whether the provider under ``provider_alias`` can serve now, and why not."""
    if provider_alias not in providers:
        return False, _("The provider %(provider)s is not configured (no API key).") % {"provider": provider_alias}
    try:
        status = providers.get(provider_alias).status()
    except ProviderError as exc:
        return False, exc.message
    return status.available, status.reason


def model_list() -> list[AiModel]:
    """Return every model of the catalogue, in the order of the setting, each with its availability."""
    statuses: dict[str, tuple[bool, str]] = {}
    off = _switched_off()
    return [_resolve(entry, statuses, off) for entry in settings.AI_MODELS]


def model_default(*, capability: str) -> AiModel | None:
    """Return the model used when a job names none: ``AI_DEFAULT_MODELS[capability]`` when it serves,
    else the first available model of that capability, else None."""
    models = [model for model in model_list() if model.capability == capability and model.available]
    preferred = settings.AI_DEFAULT_MODELS.get(capability, "")
    chosen = [model for model in models if model.id == preferred] or models
    return chosen[0] if chosen else None


def model_get(*, model_id: str) -> AiModel:
    """Return the catalogue's model ``model_id``; raise ``unknown_model`` when there is none."""
    for entry in settings.AI_MODELS:
        if entry["id"] == model_id:
            return _resolve(entry, {}, _switched_off())
    raise ApplicationError(
        _("This model does not exist."),
        code=AiErrorCode.UNKNOWN_MODEL,
        extra={"fields": {"model": [_("Choose one of the models listed by /api/v1/ai/models/.")]}},
    )
