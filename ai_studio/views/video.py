"""The video page: a clip from a prompt or from one of the user's pictures (a ``video`` job), with live progress."""

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
from ..services.video import DEFAULT_VIDEO_SECONDS, MAX_VIDEO_SECONDS, video_durations
from .common import form_error, studio_models

VIDEO_PAGE_SIZE = 12
RATIO_CHOICES = (
    ("16:9", gettext_lazy("Landscape (16:9)")),
    ("9:16", gettext_lazy("Portrait (9:16)")),
    ("1:1", gettext_lazy("Square (1:1)")),
)


def durations_help(models: list[tuple[AiModel, bool]]) -> str:
    """Say which durations each available model renders."""
    parts = []
    for model, _demo in models:
        if model.available:
            seconds = video_durations(model)
            if len(seconds) > 2:
                shown = _("%(low)d to %(high)d seconds") % {"low": seconds[0], "high": seconds[-1]}
            else:
                shown = _("%(durations)s seconds") % {"durations": " / ".join(str(value) for value in seconds)}
            parts.append(_("%(model)s: %(durations)s") % {"model": model.name, "durations": shown})
    return "; ".join(parts)


class VideoForm(forms.Form):
    """Make a clip: a video model, a prompt, a duration, a format, and optionally a picture to animate."""

    prompt = forms.CharField(
        label=gettext_lazy("Describe the video"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The scene, the movement, the camera, the light…"),
    )
    duration = forms.IntegerField(
        label=gettext_lazy("Duration (seconds)"),
        min_value=1,
        max_value=MAX_VIDEO_SECONDS,
        initial=DEFAULT_VIDEO_SECONDS,
    )
    ratio = forms.ChoiceField(label=gettext_lazy("Format"), choices=RATIO_CHOICES, initial="16:9")
    image = forms.TypedChoiceField(
        label=gettext_lazy("Picture to animate"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, models: list[tuple[AiModel, bool]], pictures: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"model": model_field(models, label=gettext_lazy("Model")), **self.fields}
        self.fields["model"].initial = next((model.id for model, _demo in models if model.available), "")
        self.fields["duration"].help_text = durations_help(models)
        choices = [(picture.pk, f"#{picture.pk} — {picture.job.prompt[:60]}") for picture in pictures]
        self.fields["image"].choices = [("", _("None: from the description only")), *choices]

    def job_params(self) -> dict:
        data = self.cleaned_data
        params = {"duration": data["duration"], "ratio": data["ratio"]}
        return {**params, "image": data["image"]} if data.get("image") else params


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def video(request: HttpRequest) -> HttpResponse:
    """Show the video form and the user's videos (with live progress); POST queues a job and comes back here."""
    pictures = selectors.image_result_list(user=request.user)
    initial = {"image": request.GET.get("image")} if request.GET.get("image", "").isdigit() else None
    form = VideoForm(request.POST or None, initial=initial, models=studio_models("video"), pictures=pictures)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_create(user=request.user, kind="video", model=data["model"], prompt=data["prompt"],
                       params=form.job_params())  # fmt: skip
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your video is being made: follow its progress below."))
            return redirect("ai_studio:video")
    jobs = selectors.job_list_of_kind(user=request.user, kinds=[GenerationJob.Kind.VIDEO])
    page = Paginator(jobs, VIDEO_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "jobs": page.object_list, "product_form": None}
    return render(request, "ai_studio/video.html", context, status=400 if form.errors else 200)
