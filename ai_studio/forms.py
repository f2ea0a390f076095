"""Forms of the studio's pages; they only parse input: the services (``conversation_create``, ``job_create``) decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.models import Product

from .catalogue import AiModel
from .services.params import IMAGE_SIZES, MAX_IMAGES

# System prompt presets of a new conversation: (key, label, instructions given to the model).
SYSTEM_PROMPT_PRESETS = (
    (
        "seo",
        _("SEO writer"),
        _(
            "You are an SEO copywriter. Write clear, engaging texts structured with headings, "
            "place the keywords naturally, and suggest a title tag and a meta description."
        ),
    ),
    (
        "translator",
        _("Translator"),
        _(
            "You are a professional translator. Translate the texts you receive faithfully, keep their tone "
            "and formatting, and point out any ambiguous passage."
        ),
    ),
    (
        "ecommerce",
        _("E-commerce assistant"),
        _(
            "You help an online shop: product descriptions, answers to customers, promotions and newsletters. "
            "Be precise, friendly and concise."
        ),
    ),
    (
        "proofreader",
        _("Proofreader"),
        _(
            "You are a proofreader. Correct spelling, grammar and punctuation, keep the author's style, "
            "and list the main corrections after the corrected text."
        ),
    ),
)
IMAGE_STYLES = (
    ("", _("No particular style")),
    ("photographic", _("Photograph")),
    ("illustration", _("Illustration")),
    ("watercolor", _("Watercolour")),
    ("3d-render", _("3D render")),
    ("pixel-art", _("Pixel art")),
    ("line-art", _("Line drawing")),
)


def preset_prompt(key: str) -> str:
    """Return the instructions of the preset ``key`` (empty when there is none)."""
    for preset_key, _label, prompt in SYSTEM_PROMPT_PRESETS:
        if preset_key == key:
            return str(prompt)
    return ""


class ModelSelect(forms.Select):
    """A model picker whose unavailable models are shown, disabled, with their reason."""

    def __init__(self, *args, disabled: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled = disabled

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.disabled:
            option["attrs"]["disabled"] = True
        return option


def model_label(model: AiModel, *, demo: bool) -> str:
    """Return the picker's label of ``model``: its name, ``démo`` when offline, the reason when it cannot serve."""
    label = f"{model.name} — {_('demo')}" if demo else model.name
    if not model.available:
        label = _("%(model)s (unavailable: %(reason)s)") % {"model": label, "reason": model.reason}
    return label


def model_field(models: list[tuple[AiModel, bool]], *, label: str) -> forms.ChoiceField:
    """Return a required choice among ``models`` (``(model, is_demo)`` pairs); unavailable ones are disabled."""
    choices = [(model.id, model_label(model, demo=demo)) for model, demo in models]
    disabled = frozenset(model.id for model, _demo in models if not model.available)
    return forms.ChoiceField(label=label, choices=choices, widget=ModelSelect(disabled=disabled))


def _first_available(models: list[tuple[AiModel, bool]]) -> str:
    return next((model.id for model, _demo in models if model.available), "")


class ConversationForm(forms.Form):
    """Open a conversation: a chat model, an optional preset or instructions, an optional title."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    preset = forms.ChoiceField(label=_("Assistant preset"), required=False)
    system_prompt = forms.CharField(
        label=_("Instructions for the assistant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. A preset fills them in; you can change them."),
    )

    def __init__(self, *args, models: list[tuple[AiModel, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"model": model_field(models, label=_("Model")), **self.fields}
        self.fields["model"].initial = _first_available(models)
        self.fields["preset"].choices = [("", _("None"))] + [(key, label) for key, label, _p in SYSTEM_PROMPT_PRESETS]
        self.fields["preset"].widget.attrs["data-studio-presets"] = ""

    def clean(self):
        data = super().clean()
        if not (data.get("system_prompt") or "").strip() and data.get("preset"):
            data["system_prompt"] = preset_prompt(data["preset"])
        return data


class MessageForm(forms.Form):
    content = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3, "data-chat-input": ""}), strip=True
    )


class RenameForm(forms.Form):
    title = forms.CharField(label=_("New title"), max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "rename_%s")  # shown beside the new-conversation form and its own "title"
        super().__init__(*args, **kwargs)


class ImageForm(forms.Form):
    """Ask for pictures: a prompt, a style, a size and how many (1 to 4)."""

    prompt = forms.CharField(label=_("Describe the picture"), widget=forms.Textarea(attrs={"rows": 3}))
    style = forms.ChoiceField(label=_("Style"), choices=IMAGE_STYLES, required=False)
    size = forms.ChoiceField(label=_("Size (pixels)"), choices=[(size, size) for size in IMAGE_SIZES])
    count = forms.IntegerField(label=_("Number of pictures"), min_value=1, max_value=MAX_IMAGES, initial=1)

    def __init__(self, *args, models: list[tuple[AiModel, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"model": model_field(models, label=_("Model")), **self.fields}
        self.fields["model"].initial = _first_available(models)
        self.fields["size"].initial = "1024x1024"

    def job_params(self) -> dict:
        data = self.cleaned_data
        return {"style": data["style"], "size": data["size"], "count": data["count"]}


class ProductImageForm(forms.Form):
    """Staff: the product that receives a generated picture."""

    product = forms.ModelChoiceField(
        label=_("Product (its slug)"),
        queryset=Product.objects.all(),
        to_field_name="slug",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid_choice": _("No product has this slug.")},
    )
