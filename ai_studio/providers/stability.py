"""Images with Stability AI's REST API (v2beta Stable Image), with ``requests``: there is no maintained SDK.

``POST /v2beta/stable-image/generate/{ultra,core,sd3}`` takes ``multipart/form-data`` and, asked
with ``Accept: image/*``, answers with the image's bytes and a ``finish-reason`` header
(``CONTENT_FILTERED`` when moderation blurred it). Errors are JSON ``{"name", "errors": [...]}``;
a flagged prompt is a 403 named ``content_moderation``, an empty account a 402. One image per call,
so ``count`` images cost ``count`` calls. Nothing retries here: the Celery task does.
"""

import math

import requests
from django.utils.translation import gettext

from .base import ErrorKind, GeneratedFile, ImageRequest, ImageResult, ProviderError
from .sdk import KeyedAdapter, retry_after_seconds

DEFAULT_BASE_URL = "https://api.stability.ai"
ASPECT_RATIOS = ("1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")
STYLE_PRESETS = frozenset({
    "3d-model", "analog-film", "anime", "cinematic", "comic-book", "digital-art", "enhance", "fantasy-art",
    "isometric", "line-art", "low-poly", "modeling-compound", "neon-punk", "origami", "photographic",
    "pixel-art", "tile-texture",
})  # fmt: skip
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp"}


def endpoint_for(model: str) -> tuple[str, str]:
    """Return the endpoint name and the ``model`` form field for a model id (``stable-image-core``, ``sd3.5-large``)."""
    if model.startswith("sd3"):
        return "sd3", model
    return model.removeprefix("stable-image-"), ""


def aspect_ratio(size: str) -> str:
    """Return the supported aspect ratio closest to a ``WIDTHxHEIGHT`` size."""
    try:
        width, height = (int(part) for part in size.lower().split("x"))
        wanted = math.log(width / height)
    except (ValueError, ZeroDivisionError):
        return "1:1"
    return min(ASPECT_RATIOS, key=lambda ratio: abs(math.log(_ratio(ratio)) - wanted))


def _ratio(ratio: str) -> float:
    width, height = ratio.split(":")
    return int(width) / int(height)


class StabilityProvider(KeyedAdapter):
    """Stability AI image generation (Stable Image Ultra, Core and SD 3.5)."""

    def __init__(
        self, *, alias: str, api_key: str, base_url: str = "", timeout: float = 60, label: str = "Stability AI"
    ):
        super().__init__(alias=alias, api_key=api_key, base_url=base_url, timeout=timeout, label=label)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.session = requests.Session()

    def image(self, request: ImageRequest) -> ImageResult:
        """Generate ``request.count`` images, one call each."""
        if not self.api_key:
            raise ProviderError(
                gettext("No API key is configured."), kind=ErrorKind.AUTHENTICATION, provider=self.alias
            )
        endpoint, model = endpoint_for(request.model)
        fields = self._fields(request, endpoint, model)
        url = f"{self.base_url}/v2beta/stable-image/generate/{endpoint}"
        return ImageResult(images=tuple(self._generate(url, fields) for _ in range(max(request.count, 1))))

    # ------------------------------------------------------------------ helpers
    def _fields(self, request: ImageRequest, endpoint: str, model: str) -> dict:
        fields = {"prompt": request.prompt, "aspect_ratio": aspect_ratio(request.size), "output_format": "png"}
        if model:
            fields["model"] = model
        if request.style in STYLE_PRESETS and endpoint != "ultra":
            fields["style_preset"] = request.style
        elif request.style:
            fields["prompt"] = f"{request.prompt}\n\nStyle: {request.style}"
        return fields

    def _generate(self, url: str, fields: dict) -> GeneratedFile:
        response = self._post(url, fields)
        if response.status_code >= 400:
            error = normalise_response(response, provider=self.alias)
            if error.kind == ErrorKind.AUTHENTICATION:
                self.auth_failure = error.message
            raise error
        self.auth_failure = ""
        if response.headers.get("finish-reason") == "CONTENT_FILTERED":
            message = gettext("The provider refused this request under its content policy.")
            raise ProviderError(message, kind=ErrorKind.REFUSED, provider=self.alias)
        return self._file(response)

    def _post(self, url: str, fields: dict) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "image/*"}
        multipart = {name: (None, value) for name, value in fields.items()}
        try:
            return self.session.post(url, headers=headers, files=multipart, timeout=self.timeout)
        except requests.Timeout as exc:
            message = gettext("The provider did not answer in time.")
            raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=self.alias) from exc
        except requests.RequestException as exc:
            message = gettext("The provider could not be reached.")
            raise ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=self.alias) from exc

    def _file(self, response: requests.Response) -> GeneratedFile:
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type not in EXTENSIONS or not response.content:
            raise ProviderError(
                gettext("The provider returned an unreadable image."), kind=ErrorKind.UNAVAILABLE, provider=self.alias
            )
        return GeneratedFile(content=response.content, content_type=content_type, extension=EXTENSIONS[content_type])


def normalise_response(response: requests.Response, *, provider: str) -> ProviderError:
    """Map a Stability error response to a ``ProviderError`` of the right kind."""
    status, body = response.status_code, _body(response)
    if status == 429:
        message = _detail(gettext("The provider is rate limiting requests."), body)
        retry_after = retry_after_seconds(response.headers)
        return ProviderError(message, kind=ErrorKind.RATE_LIMITED, provider=provider, retry_after=retry_after)
    if body.get("name") == "content_moderation":
        message = _detail(gettext("The provider refused this request under its content policy."), body)
        return ProviderError(message, kind=ErrorKind.REFUSED, provider=provider)
    if status == 402:
        message = _detail(gettext("The account's quota is exhausted."), body)
        return ProviderError(message, kind=ErrorKind.AUTHENTICATION, provider=provider)
    if status in (401, 403):
        message = _detail(gettext("The API key was refused."), body)
        return ProviderError(message, kind=ErrorKind.AUTHENTICATION, provider=provider)
    if status >= 500 or status == 408:
        message = _detail(gettext("The provider is unavailable."), body)
        retry_after = retry_after_seconds(response.headers)
        return ProviderError(message, kind=ErrorKind.UNAVAILABLE, provider=provider, retry_after=retry_after)
    message = _detail(gettext("The provider rejected the request."), body)
    return ProviderError(message, kind=ErrorKind.INVALID, provider=provider)


def _body(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _detail(summary: str, body: dict) -> str:
    errors = body.get("errors") if isinstance(body.get("errors"), list) else []
    detail = "; ".join(str(item) for item in errors)
    return f"{summary} ({detail})" if detail else summary
