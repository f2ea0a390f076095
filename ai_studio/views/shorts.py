"""The shorts page: a vertical video with narration and subtitles from a topic or a script (a ``short`` job)."""

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
from ..services.shorts import DEFAULT_SCENES, MAX_SCENES, SCRIPT_MAX_CHARACTERS, TOPIC_MAX_CHARACTERS
from .common import form_error, studio_models

SHORTS_PAGE_SIZE = 12


class ShortForm(forms.Form):
    """Build a short: a topic the chat model turns into scenes, or a script written by the user."""

    topic = forms.CharField(
        label=gettext_lazy("Topic"),
        max_length=TOPIC_MAX_CHARACTERS,
        required=False,
        help_text=gettext_lazy("The chat model writes the script, one sentence per scene."),
    )
    scenes = forms.IntegerField(
        label=gettext_lazy("Number of scenes"), min_value=2, max_value=MAX_SCENES, initial=DEFAULT_SCENES
    )
    script = forms.CharField(
        label=gettext_lazy("Or your own script"),
        max_length=SCRIPT_MAX_CHARACTERS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One line per scene; each scene gets a picture, a narration and its subtitles."),
    )

    def __init__(self, *args, models: list[tuple[AiModel, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"model": model_field(models, label=gettext_lazy("Model that writes the script")), **self.fields}
        self.fields["model"].initial = next((model.id for model, _demo in models if model.available), "")

    def job_params(self) -> dict:
        data = self.cleaned_data
        if data["script"].strip():
            return {"script": data["script"], "topic": data["topic"]}
        return {"topic": data["topic"], "scenes": data["scenes"]}


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def shorts(request: HttpRequest) -> HttpResponse:
    """Show the shorts form and the user's shorts (progress by stage); POST queues a job and comes back here."""
    form = ShortForm(request.POST or None, models=studio_models("chat"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:  # the topic or script doubles as the job's prompt, shown on its card
            job_create(user=request.user, kind="short", model=data["model"], prompt=data["script"] or data["topic"],
                       params=form.job_params())  # fmt: skip
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your short is being built: follow each stage below."))
            return redirect("ai_studio:shorts")
    jobs = selectors.job_list_of_kind(user=request.user, kinds=[GenerationJob.Kind.SHORT])
    page = Paginator(jobs, SHORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "jobs": page.object_list, "product_form": None}
    return render(request, "ai_studio/shorts.html", context, status=400 if form.errors else 200)
