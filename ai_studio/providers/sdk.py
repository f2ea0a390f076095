"""What every SDK-based adapter does around a call: refuse without a key, normalise errors, remember a bad key."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils.translation import gettext

from .base import ErrorKind, ProviderError


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
