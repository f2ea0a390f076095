"""Stand-ins for a real AI provider that fails, configured like any provider (``AI_PROVIDERS``), and the
chat request the adapters' tests send to their emulators."""

from ai_studio.providers import ChatRequest, ChatResult, ErrorKind, ProviderError, ProviderStatus, Usage, messages_tuple

# Every chat emulator answers "Emulated answer to: <last user message>", word by word when streaming.
CHAT_REQUEST = ChatRequest(
    model="emulated-model",
    messages=messages_tuple([("system", "You write product copy."), ("user", "Describe a linen shirt")]),
    max_tokens=300,
    temperature=0.2,
)
CHAT_WORDS = ["Emulated", " answer", " to:", " Describe", " a", " linen", " shirt"]


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
