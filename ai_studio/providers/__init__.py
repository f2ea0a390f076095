"""The configured AI providers, by alias (``settings.AI_PROVIDERS``), loaded once by the shared registry."""

from django.utils.translation import gettext as _

from webox.common.errors import ProviderUnavailable
from webox.common.registry import Registry

from . import base
from .base import *  # noqa: F403 (the protocols and dataclasses, re-exported)

providers = Registry("AI_PROVIDERS")


def provider_get(alias: str):
    """Return the provider configured under ``alias``; raise ``ProviderUnavailable`` when there is none."""
    try:
        return providers.get(alias)
    except KeyError:
        raise ProviderUnavailable(_("This AI provider is not configured.")) from None


__all__ = [*base.__all__, "provider_get", "providers"]
