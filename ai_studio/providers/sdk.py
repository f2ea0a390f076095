"""What every adapter of a hosted API shares: its settings and status (``KeyedAdapter``), and what it does
around a call (``provider_errors``): refuse without a key, normalise errors, remember a bad key."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils.translation import gettext

from .base import ErrorKind, ProviderError, ProviderStatus


class KeyedAdapter:
    """What every adapter of a hosted API holds: its alias, label, key, address and timeout, and whether
    the provider last refused the key; ``status()`` says it serves when a key is set and was not refused."""

    is_demo = False
    default_label = ""

    def __init__(self, *, alias: str, api_key: str, base_url: str = "", timeout: float = 60, label: str = ""):
        self.alias = alias
        self.label = label or self.default_label
        self.api_key = api_key
        self.base_url = base_url
        self.timeout = timeout
        self.auth_failure = ""

    def status(self) -> ProviderStatus:
        """Say the provider is available when a key is set and was not refused."""
        if not self.api_key:
            return ProviderStatus(False, gettext("No API key is configured."))
        if self.auth_failure:
            return ProviderStatus(False, self.auth_failure)
        return ProviderStatus(True)


@contextmanager
def provider_errors(
    adapter, *, catch: type[BaseException] | tuple[type[BaseException], ...], normalise: Callable[..., ProviderError]
) -> Iterator[None]:
    """Run an SDK call for ``adapter``, turning the exceptions in ``catch`` into ``ProviderError``.

    A call without an API key fails at once (authentication). A refused key is
    remembered in ``adapter.auth_failure`` (``status()`` shows it) until a call succeeds.
    """
    if not adapter.api_key:
        raise ProviderError(gettext("No API key is configured."), kind=ErrorKind.AUTHENTICATION, provider=adapter.alias)
    try:
        yield
    except catch as exc:
        error = normalise(exc, provider=adapter.alias)
        if error.kind == ErrorKind.AUTHENTICATION:
            adapter.auth_failure = error.message
        raise error from exc
    adapter.auth_failure = ""
