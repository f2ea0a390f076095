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
    available: bool = False
    reason: str = ""

    @property
    def credit_price(self) -> dict[str, int]:
        """Return the prices that apply to this model's capability, in credits."""
        if self.capability == "chat":
            return {"input_per_1k_tokens": self.price_in_per_1k, "output_per_1k_tokens": self.price_out_per_1k}
        return {"per_image": self.price_per_image}

    def tokens_cost(self, *, input_tokens: int, output_tokens: int) -> int:
        """Return the credits for this many tokens, rounded up, at least 1."""
        total = input_tokens * self.price_in_per_1k + output_tokens * self.price_out_per_1k
        return max(1, math.ceil(total / 1000))

    def images_cost(self, *, count: int) -> int:
        return self.price_per_image * count


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
    models = []
    for entry in settings.AI_MODELS:
        alias = entry["provider"]
        if alias not in statuses:
            statuses[alias] = _availability(alias)
        available, reason = statuses[alias]
        models.append(AiModel(**entry, available=available, reason=reason))
    return models


def model_get(*, model_id: str) -> AiModel:
    """Return the catalogue's model ``model_id``; raise ``unknown_model`` when there is none."""
    for entry in settings.AI_MODELS:
        if entry["id"] == model_id:
            available, reason = _availability(entry["provider"])
            return AiModel(**entry, available=available, reason=reason)
    raise ApplicationError(
        _("This model does not exist."),
        code=AiErrorCode.UNKNOWN_MODEL,
        extra={"fields": {"model": [_("Choose one of the models listed by /api/v1/ai/models/.")]}},
    )
