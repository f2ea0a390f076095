"""The ad builder: N variants of ad copy for Google Ads, Facebook or Instagram, from a product or a brief.

The chat model is asked for JSON; an answer that is not JSON (the demo's, or a
chatty model's) still gives valid variants, derived from the product or the brief.
Every text is checked against its format's limits: the texts over a limit go back
to the model once to be shortened, and whatever is still too long is cut at a word
boundary. The result is the JSON of the API contract, a CSV (one row per text),
and one image when an image model can serve. The cost: the tokens used,
``AI_BUILDER_PRICES["ad_per_set"]`` per variant, and the image.
"""

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shop.models import Product
from shop.selectors import product_get_visible

from ..catalogue import AiModel, model_list
from ..providers import ChatRequest, GeneratedFile, ImageRequest, Usage, messages_tuple, provider_get
from .ads_copy import AdSource, derived_variant, json_found, trim
from .kinds import JobContext, JobKind, Outcome
from .params import int_param, invalid

FORMATS = ("google_ads", "facebook", "instagram")
MAX_VARIANTS = 10
BRIEF_MAX_LENGTH = 2000
# Character limits per field; Google Ads takes 3 to 15 headlines and 2 to 4 descriptions per ad.
LIMITS = {
    "google_ads": {"headlines": 30, "descriptions": 90},
    "facebook": {"headlines": 40, "primary_text": 125},
    "instagram": {"headlines": 40, "primary_text": 125},
}
GOOGLE_HEADLINES, GOOGLE_DESCRIPTIONS = (3, 15), (2, 4)
CALLS_TO_ACTION = {
    "SHOP_NOW": gettext_lazy("Shop now"),
    "LEARN_MORE": gettext_lazy("Learn more"),
    "ORDER_NOW": gettext_lazy("Order now"),
    "BUY_NOW": gettext_lazy("Buy now"),
    "SIGN_UP": gettext_lazy("Sign up"),
    "SUBSCRIBE": gettext_lazy("Subscribe"),
    "GET_OFFER": gettext_lazy("Get offer"),
    "CONTACT_US": gettext_lazy("Contact us"),
    "BOOK_NOW": gettext_lazy("Book now"),
    "DOWNLOAD": gettext_lazy("Download"),
}
TOKENS_PER_VARIANT = 350
SHORTEN_MAX_TOKENS = 1500
PROMPT_TOKENS_MAX = 2500  # a token is two characters or more of prose
SYSTEM = (
    "Tu es un rédacteur publicitaire. Tu écris en français. Réponds uniquement par un objet JSON, sans texte "
    "autour, de la forme demandée. Respecte strictement les limites de caractères."
)
SHAPES = {
    "google_ads": '{"variants": [{"headlines": ["…", "…", "…", "…", "…"], "descriptions": ["…", "…"]}]} '
    "(titres de 30 caractères au plus, descriptions de 90 caractères au plus)",
    "facebook": '{"variants": [{"primary_text": "…", "headline": "…", "call_to_action": "SHOP_NOW"}]} '
    "(texte principal de 125 caractères au plus, titre de 40 au plus, call_to_action parmi : %s)",
}
SHAPES["instagram"] = SHAPES["facebook"]


def ads_params_clean(params: dict) -> dict[str, Any]:
    """Return an ad job's parameters: ``format``, ``variants``, and exactly one of ``product`` (a slug) or ``brief``."""
    ad_format = params.get("format")
    if ad_format not in FORMATS:
        raise invalid("params", _("format: choose one of %(formats)s.") % {"formats": ", ".join(FORMATS)})
    cleaned = {"format": ad_format, "variants": int_param(params, "variants", 3, 1, MAX_VARIANTS)}
    product, brief = params.get("product") or "", params.get("brief") or ""
    if not isinstance(product, str) or not isinstance(brief, str) or bool(product.strip()) == bool(brief.strip()):
        raise invalid("params", _("Give either a product of the shop or a brief, not both."))
    if product:
        if product_get_visible(slug=product.strip()) is None:
            raise invalid("params", _("product: this product is not on sale."))
        cleaned["product"] = product.strip()
    else:
        if len(brief.strip()) > BRIEF_MAX_LENGTH:
            raise invalid("params", _("brief: %(limit)d characters at most.") % {"limit": BRIEF_MAX_LENGTH})
        cleaned["brief"] = " ".join(brief.split())
    return cleaned


def ads_image_model() -> AiModel | None:
    """Return the image model of the ad builder: ``AI_ADS_IMAGE_MODEL`` if it serves, else the first that does."""
    models = [model for model in model_list() if model.capability == "image" and model.available]
    preferred = [model for model in models if model.id == settings.AI_ADS_IMAGE_MODEL]
    return (preferred or models or [None])[0]


def _main_max_tokens(variants: int) -> int:
    return min(4096, 300 + TOKENS_PER_VARIANT * variants)


def ads_cost_estimate(model: AiModel, prompt: str, params: dict[str, Any]) -> int:
    """Return the credits to reserve: both chat calls at their longest, the sets, the image."""
    main_tokens = _main_max_tokens(params["variants"])
    # The first prompt is at most ~4,400 characters; the second quotes texts of the first answer.
    input_tokens = PROMPT_TOKENS_MAX + 3 * main_tokens
    tokens = model.tokens_cost(input_tokens=input_tokens, output_tokens=main_tokens + SHORTEN_MAX_TOKENS)
    image = ads_image_model()
    sets = settings.AI_BUILDER_PRICES["ad_per_set"] * params["variants"]
    return tokens + sets + (image.images_cost(count=1) if image else 0)


def ads_source(params: dict[str, Any]) -> AdSource:
    """Return what the ads talk about: the product's name, description, price and address, or the brief."""
    if "product" not in params:
        return AdSource(brief=params["brief"])
    product = product_get_visible(slug=params["product"])
    if product is None:
        raise invalid("params", _("product: this product is not on sale."))
    return _product_source(product)


def _product_source(product: Product) -> AdSource:
    variant = product.default_variant
    price = f"{variant.price:.2f}".replace(".", ",") + " €" if variant else ""
    url = settings.SITE_URL.rstrip("/") + product.get_absolute_url()
    return AdSource(name=product.name, description=product.short_description, price=price, url=url)


def _prompt(source: AdSource, params: dict[str, Any]) -> str:
    shape = SHAPES[params["format"]].replace("%s", ", ".join(CALLS_TO_ACTION))
    network = {"google_ads": "Google Ads", "facebook": "Facebook", "instagram": "Instagram"}[params["format"]]
    return (
        f"Écris {params['variants']} variantes d'annonce {network}.\n{source.describe()}\n\n"
        f"Forme de la réponse : {shape}"
    )


@dataclass
class _Variant:
    headlines: list[str]
    descriptions: list[str]
    primary_text: str = ""
    call_to_action: str = ""


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [" ".join(item.split()) for item in items if isinstance(item, str) and item.strip()]


def _from_json(item: Any, ad_format: str, fallback: _Variant) -> _Variant:
    """Return the variant the model wrote in ``item``, completed from ``fallback`` where it is short."""
    item = item if isinstance(item, dict) else {}
    headlines = _texts(item.get("headlines")) or _texts(item.get("headline"))
    if ad_format == "google_ads":
        headlines = list(dict.fromkeys(headlines + fallback.headlines))[: GOOGLE_HEADLINES[1]]
        descriptions = _texts(item.get("descriptions")) or _texts(item.get("description"))
        descriptions = list(dict.fromkeys(descriptions + fallback.descriptions))[: GOOGLE_DESCRIPTIONS[1]]
        return _Variant(headlines=headlines, descriptions=descriptions)
    action = str(item.get("call_to_action") or "").strip().upper().replace(" ", "_")
    return _Variant(
        headlines=headlines[:1] or fallback.headlines,
        descriptions=[],
        primary_text=(_texts(item.get("primary_text")) or [fallback.primary_text])[0],
        call_to_action=action if action in CALLS_TO_ACTION else fallback.call_to_action,
    )


def _derived(source: AdSource, ad_format: str, number: int) -> _Variant:
    copy = derived_variant(source, number, limits=LIMITS[ad_format])
    if ad_format == "google_ads":
        return _Variant(headlines=copy["headlines"][:5], descriptions=copy["descriptions"][:2])
    action = "SHOP_NOW" if source.name and not source.brief else "LEARN_MORE"
    return _Variant(
        headlines=copy["headlines"][:1], descriptions=[], primary_text=copy["primary_text"], call_to_action=action
    )


def ads_variants_read(answer: str, source: AdSource, *, ad_format: str, count: int) -> list[_Variant]:
    """Return ``count`` variants from the model's ``answer`` (JSON when it is), completed by derived copy."""
    found = json_found(answer)
    items = found.get("variants", []) if isinstance(found, dict) else found if isinstance(found, list) else []
    variants = []
    for number in range(1, count + 1):
        fallback = _derived(source, ad_format, number)
        item = items[number - 1] if number <= len(items) else None
        variants.append(_from_json(item, ad_format, fallback) if item is not None else fallback)
    return variants


def _over_limit(variants: list[_Variant], ad_format: str) -> list[tuple[int, str, int, str, int]]:
    """Return (variant, field, index, text, limit) for every text longer than its limit."""
    over = []
    for number, variant in enumerate(variants):
        for field, limit in LIMITS[ad_format].items():
            texts = [variant.primary_text] if field == "primary_text" else getattr(variant, field)
            over += [(number, field, index, text, limit) for index, text in enumerate(texts) if len(text) > limit]
    return over


def _replace(variant: _Variant, field: str, index: int, text: str) -> None:
    if field == "primary_text":
        variant.primary_text = text
    else:
        getattr(variant, field)[index] = text


def _shorten_messages(over: list[tuple]) -> tuple:
    items = [{"id": index, "text": text, "max": limit} for index, (_n, _f, _i, text, limit) in enumerate(over)]
    request = (
        "Raccourcis chacun de ces textes publicitaires sous sa limite de caractères (max), sans en changer le sens. "
        'Réponds uniquement en JSON : [{"id": 0, "text": "…"}].\n' + json.dumps(items, ensure_ascii=False)
    )
    return messages_tuple([("system", SYSTEM), ("user", request)])


def ads_limits_apply(variants: list[_Variant], ad_format: str, shortened: Any) -> None:
    """Put the model's shortened texts in place (when they fit), then cut what is still too long."""
    over = _over_limit(variants, ad_format)
    answers = (
        {item.get("id"): item.get("text") for item in shortened if isinstance(item, dict)}
        if isinstance(shortened, list)
        else {}
    )
    for position, (number, field, index, _text, limit) in enumerate(over):
        text = answers.get(position)
        if isinstance(text, str) and 0 < len(" ".join(text.split())) <= limit:
            _replace(variants[number], field, index, " ".join(text.split()))
    for number, field, index, text, limit in _over_limit(variants, ad_format):
        _replace(variants[number], field, index, trim(text, limit, ellipsis=field == "primary_text"))


def ads_result(variants: list[_Variant], ad_format: str) -> list[dict[str, Any]]:
    """Return the variants in the API contract's shape."""
    result = []
    for variant in variants:
        item: dict[str, Any] = {
            "format": ad_format,
            "headlines": variant.headlines,
            "descriptions": variant.descriptions,
        }
        if ad_format != "google_ads":
            item.update(primary_text=variant.primary_text, call_to_action=variant.call_to_action)
        result.append(item)
    return result


def csv_cell(text: str) -> str:
    """Return ``text`` safe for a spreadsheet: a leading ``= + - @`` (or tab, return) gets a quote."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def ads_csv(result: list[dict[str, Any]]) -> bytes:
    """Return one CSV row per text (variant, format, field, text, length, limit), UTF-8 with a BOM, ``;``-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["variant", "format", "field", "text", "length", "limit"])
    for number, item in enumerate(result, start=1):
        limits = LIMITS[item["format"]]
        rows = [("headline", text, limits["headlines"]) for text in item["headlines"]]
        rows += [("description", text, limits.get("descriptions", "")) for text in item["descriptions"]]
        if "primary_text" in item:
            rows += [("primary_text", item["primary_text"], limits["primary_text"])]
            rows += [("call_to_action", item["call_to_action"], "")]
        for field, text, limit in rows:
            writer.writerow([number, item["format"], field, csv_cell(text), len(text), limit])
    return ("\ufeff" + buffer.getvalue()).encode()


def _image(context: JobContext, source: AdSource) -> tuple[list[GeneratedFile], int]:
    model = ads_image_model()
    if model is None:
        context.progress(90, _("No image model is available: the ads come without an image."))
        return [], 0
    context.progress(85, _("Drawing the image"))
    request = ImageRequest(model=model.model, prompt=source.image_prompt(), size="1024x1024", count=1)
    images = provider_get(model.provider).image(request).images[:1]
    return list(images), model.images_cost(count=len(images))


def ads_run(context: JobContext) -> Outcome:
    """Write the variants, keep every text within its limits, export JSON and CSV, draw the image."""
    params, model = context.job.params, context.model
    source, ad_format, provider = ads_source(params), params["format"], provider_get(model.provider)
    context.progress(20, _("Writing the ads"))
    messages = messages_tuple([("system", SYSTEM), ("user", _prompt(source, params))])
    main = provider.chat(
        ChatRequest(model=model.model, messages=messages, max_tokens=_main_max_tokens(params["variants"]))
    )
    variants = ads_variants_read(main.text, source, ad_format=ad_format, count=params["variants"])
    usage = [main.usage]
    shortened: Any = None
    if over := _over_limit(variants, ad_format):
        context.progress(60, _("Shortening the texts over their limits"))
        answer = provider.chat(
            ChatRequest(model=model.model, messages=_shorten_messages(over), max_tokens=SHORTEN_MAX_TOKENS)
        )
        usage.append(answer.usage)
        shortened = json_found(answer.text)
    ads_limits_apply(variants, ad_format, shortened)
    result = ads_result(variants, ad_format)
    images, image_cost = _image(context, source)
    total = Usage(sum(item.input_tokens for item in usage), sum(item.output_tokens for item in usage))
    cost = model.tokens_cost(input_tokens=total.input_tokens, output_tokens=total.output_tokens) + image_cost
    cost += settings.AI_BUILDER_PRICES["ad_per_set"] * params["variants"]
    files = [
        GeneratedFile(json.dumps(result, ensure_ascii=False, indent=2).encode(), "application/json", "json"),
        GeneratedFile(ads_csv(result), "text/csv", "csv"),
        *images,
    ]
    return Outcome(files=files, usage=total, cost=context.charge(cost))


def ads_free_text(params: dict[str, Any]) -> tuple[str, str]:
    """Return the brief the person wrote (a product's texts are the shop's), to be moderated."""
    return "brief", params.get("brief", "")


AD = JobKind(
    capability="chat",
    clean=ads_params_clean,
    estimate=ads_cost_estimate,
    run=ads_run,
    prompt_required=False,
    free_text=ads_free_text,
)
