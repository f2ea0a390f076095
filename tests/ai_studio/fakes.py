"""Stand-ins for a real AI provider that fails, configured like any provider (``AI_PROVIDERS``)."""

from ai_studio.providers import ChatResult, ErrorKind, ProviderError, ProviderStatus, Usage


class FailingProvider:
    """A chat provider whose first ``failures`` calls raise a ``ProviderError`` of ``kind`` (-1: every call)."""

    label = "Failing"
    is_demo = False

    def __init__(self, *, alias: str, kind: str = ErrorKind.UNAVAILABLE, failures: int = -1):
        self.alias, self.kind, self.failures = alias, ErrorKind(kind), failures
        self.calls = 0

    def status(self) -> ProviderStatus:
        return ProviderStatus(available=True)

    def chat(self, request) -> ChatResult:
        self.calls += 1
        if self.failures < 0 or self.calls <= self.failures:
            raise ProviderError("upstream said no", kind=self.kind, provider=self.alias)
        return ChatResult(text="Bonjour", usage=Usage(input_tokens=1000, output_tokens=1000))

    def chat_stream(self, request):
        yield from ()
