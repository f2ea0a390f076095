"""What every adapter of a hosted API shares: its settings and status (``KeyedAdapter``), and what it does
around a call (``provider_errors``): refuse without a key, normalise errors, remember a bad key."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils.translation import gettext

from .base import ErrorKind, ProviderError, ProviderStatus


def retry_after_seconds(headers) -> float | None:
    """Read ``retry-after-ms`` or ``retry-after`` (seconds) from response headers, if any."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return max(float(headers[name]) / scale, 0.0)
        except (KeyError, TypeError, ValueError):
            continue
    return None


def transport_error(error: BaseException, *, provider: str, timeout: type, connection: type) -> ProviderError | None:
    """Return the ``ProviderError`` of an SDK's timeout or connection exception (retryable), else None."""
    if isinstance(error, timeout):
        return ProviderError(
            gettext("The provider did not answer in time."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    if isinstance(error, connection):
        return ProviderError(
            gettext("The provider could not be reached."), kind=ErrorKind.UNAVAILABLE, provider=provider
        )
    return None


def status_error(
    *, status: int, detail: str, headers, provider: str, refused_key: tuple[int, ...] = (401, 403)
) -> ProviderError:
    """Map an HTTP error status to its ``ProviderError``: 429 rate limited and 408/5xx unavailable (both
    retryable, after ``Retry-After`` when given), ``refused_key`` statuses a refused key, any other 4xx
    an invalid request. ``detail`` is the provider's own explanation, added to the message when given."""

    def message(summary: str) -> str:
        return f"{summary} ({detail})" if detail else summary

    if status == 429:
        text, kind = gettext("The provider is rate limiting requests."), ErrorKind.RATE_LIMITED
    elif status in refused_key:
        text, kind = gettext("The API key was refused."), ErrorKind.AUTHENTICATION
    elif status >= 500 or status == 408:
        text, kind = gettext("The provider is unavailable."), ErrorKind.UNAVAILABLE
    else:
        text, kind = gettext("The provider rejected the request."), ErrorKind.INVALID
    retry_after = retry_after_seconds(headers) if kind in (ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE) else None
    return ProviderError(message(text), kind=kind, provider=provider, retry_after=retry_after)


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
