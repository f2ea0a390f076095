"""A provider WEBOX lists but cannot call (Suno, Udio, Pika): its ``status()`` says why.

Some well-known services have no official public API (only unofficial resellers).
They stay in the catalogue so that users see them and the reason they cannot be
used, instead of a fake. Configure one in ``AI_PROVIDERS`` with a ``reason``: a key of
``REASONS`` (translated) or a text of its own.
"""

from django.utils.translation import gettext, gettext_noop

from .base import ErrorKind, ProviderError, ProviderStatus

REASONS = {
    "no_public_api": gettext_noop("No official public API (only unofficial resellers)."),
    "third_party_only": gettext_noop("Offered only through third-party hosts, with no documented official API."),
}


class UnavailableProvider:
    """A provider that never serves; every call is refused with the configured reason."""

    is_demo = False

    def __init__(self, *, alias: str, label: str = "", reason: str = ""):
        self.alias = alias
        self.label = label or alias
        self.reason = reason

    def status(self) -> ProviderStatus:
        """Say the provider is unavailable, with the configured reason (translated when it has a French form)."""
        return ProviderStatus(False, self._reason())

    def _reason(self) -> str:
        if not self.reason:
            return gettext("This provider cannot be used.")
        return gettext(REASONS.get(self.reason, self.reason))

    def _refuse(self, *args, **kwargs):
        raise ProviderError(self._reason(), kind=ErrorKind.INVALID, provider=self.alias)

    speech = music = video_create = video_poll = video_download = _refuse
