"""The audio page: text read aloud (a ``speech`` job) and music from a prompt (a ``music`` job), with players."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..catalogue import AiModel
from ..forms import model_field
from ..models import GenerationJob
from ..services import job_create
from ..services.audio import MUSIC_SECONDS, SPEECH_MAX_CHARACTERS, SPEED_RANGE, voices_for
from .common import form_error, studio_models

AUDIO_PAGE_SIZE = 12
Kind = GenerationJob.Kind


def _first_available(models: list[tuple[AiModel, bool]]) -> str:
    return next((model.id for model, _demo in models if model.available), "")


class SpeechForm(forms.Form):
    """Read a text aloud: a speech model, one of its voices (or its default), a speed."""

    prompt = forms.CharField(
        label=gettext_lazy("Text to read aloud"),
        max_length=SPEECH_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    voice = forms.ChoiceField(label=gettext_lazy("Voice"), required=False)
    speed = forms.DecimalField(
        label=gettext_lazy("Speed"),
        min_value=SPEED_RANGE[0],
        max_value=SPEED_RANGE[1],
        decimal_places=1,
        initial=1.0,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
        help_text=gettext_lazy("From 0.5 (slow) to 2 (fast); 1 is the voice's natural pace."),
    )

    def __init__(self, *args, models: list[tuple[AiModel, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"model": model_field(models, label=gettext_lazy("Model")), **self.fields}
        self.fields["model"].initial = _first_available(models)
        self.voices = {model.id: voices_for(model) for model, _demo in models if model.available}
        groups = [(model.name, self.voices[model.id]) for model, _demo in models if self.voices.get(model.id)]
        self.fields["voice"].choices = [("", _("The model's default voice")), *groups]

    def clean(self):
        data = super().clean()
        voice, model = data.get("voice"), data.get("model")
        if voice and model and voice not in dict(self.voices.get(model, [])):
            self.add_error("voice", _("This voice belongs to another model: choose one of the chosen model's voices."))
        return data

    def job_params(self) -> dict:
        return {"voice": self.cleaned_data["voice"], "speed": float(self.cleaned_data["speed"])}


class MusicForm(forms.Form):
    """Compose music: a music model, a description, a duration in seconds."""

    prompt = forms.CharField(
        label=gettext_lazy("Describe the music"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Genre, mood, instruments, tempo…"),
    )
    duration = forms.IntegerField(
        label=gettext_lazy("Duration (seconds)"), min_value=MUSIC_SECONDS[0], max_value=MUSIC_SECONDS[1], initial=30
    )

    def __init__(self, *args, models: list[tuple[AiModel, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"model": model_field(models, label=gettext_lazy("Model")), **self.fields}
        self.fields["model"].initial = _first_available(models)

    def job_params(self) -> dict:
        return {"duration": self.cleaned_data["duration"]}


def _bound(request: HttpRequest, tool: str, form_class, capability: str):
    """Return the tool's form, bound to the POST when that form was the one sent."""
    sent = request.method == "POST" and request.POST.get("tool") == tool
    return form_class(request.POST if sent else None, prefix=tool, models=studio_models(capability)), sent


def _queue(request: HttpRequest, form, kind: str) -> bool:
    """Queue the form's job; show the service's refusal on the form instead when it says no."""
    data = form.cleaned_data
    try:
        job_create(user=request.user, kind=kind, model=data["model"], prompt=data["prompt"], params=form.job_params())
    except ApplicationError as exc:
        form_error(form, exc)
        return False
    return True


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def audio(request: HttpRequest) -> HttpResponse:
    """Show the speech and music forms and the user's audio jobs; POST queues one and comes back here."""
    speech_form, speech_sent = _bound(request, Kind.SPEECH, SpeechForm, "speech")
    music_form, music_sent = _bound(request, Kind.MUSIC, MusicForm, "music")
    for form, sent, kind, done in (
        (speech_form, speech_sent, Kind.SPEECH, _("Your text is being read aloud: the recording appears below.")),
        (music_form, music_sent, Kind.MUSIC, _("Your music is being composed: it appears below when ready.")),
    ):
        if sent and form.is_valid() and _queue(request, form, kind):
            messages.success(request, done)
            return redirect("ai_studio:audio")
    jobs = selectors.job_list_of_kind(user=request.user, kinds=[Kind.SPEECH, Kind.MUSIC])
    page = Paginator(jobs, AUDIO_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "speech_form": speech_form,
        "music_form": music_form,
        "page_obj": page,
        "jobs": page.object_list,
        "product_form": None,
    }
    refused = speech_form.errors or music_form.errors
    return render(request, "ai_studio/audio.html", context, status=400 if refused else 200)
