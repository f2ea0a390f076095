"""The eBook builder's pages: the book's settings → a drafted outline to edit → the build → the PDF to download.

The outline is a small chat job (``ebook_outline_draft``); while it runs, its page
shows a live progress element whose ``data-job-card-url`` serves the outline form
once the job ends (static/js/studio-jobs.js swaps it in). The book's settings wait
in the session, under the outline job's id.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from webox.common.errors import ApplicationError, NotFound
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..forms import model_field
from ..models import GenerationJob
from ..services import job_create, job_get_for
from ..services.ebook import MAX_CHAPTERS, TITLE_MAX_LENGTH, ebook_outline_draft, ebook_outline_titles
from .common import form_error, studio_models

RECENT_BOOKS = 6


class EbookForm(forms.Form):
    """The book's settings: a chat model, a title, a number of chapters, an audience and a tone."""

    title = forms.CharField(label=gettext_lazy("Title of the book"), max_length=TITLE_MAX_LENGTH)
    chapters = forms.IntegerField(
        label=gettext_lazy("Number of chapters"), min_value=1, max_value=MAX_CHAPTERS, initial=5
    )
    audience = forms.CharField(
        label=gettext_lazy("Audience"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: beginners in urban gardening."),
    )
    tone = forms.CharField(
        label=gettext_lazy("Tone"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("For example: warm and practical."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        models = studio_models("chat")
        self.fields = {"model": model_field(models, label=_("Writing model")), **self.fields}
        self.fields["model"].initial = next((model.id for model, _demo in models if model.available), "")


class OutlineForm(forms.Form):
    """The outline to edit: the book's title and one title per chapter."""

    title = forms.CharField(label=gettext_lazy("Title of the book"), max_length=TITLE_MAX_LENGTH)

    def __init__(self, *args, titles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for number, title in enumerate(titles, start=1):
            label = _("Chapter %(number)d") % {"number": number}
            self.fields[f"chapter_{number}"] = forms.CharField(label=label, max_length=TITLE_MAX_LENGTH, initial=title)

    def outline(self) -> list[str]:
        return [value for name, value in self.cleaned_data.items() if name.startswith("chapter_")]


def _session_key(job_id: int) -> str:
    return f"ebook-outline-{job_id}"


def _outline_job(request: HttpRequest, job_id: int) -> tuple[GenerationJob, dict]:
    """Return the user's outline job and the book settings kept for it; a 404 when either is missing."""
    settings = request.session.get(_session_key(job_id))
    try:
        job = job_get_for(user=request.user, job_id=job_id)
    except NotFound:
        job = None
    if job is None or job.kind != GenerationJob.Kind.CHAT or not settings:
        raise Http404(_("This outline does not exist."))
    return job, settings


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def ebook(request: HttpRequest) -> HttpResponse:
    """Show the book's settings and the user's latest books; POST drafts the outline (a small chat job)."""
    form = EbookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = ebook_outline_draft(user=request.user, **data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            request.session[_session_key(job.pk)] = data
            return redirect("ai_studio:ebook-outline", job_id=job.pk)
    jobs = selectors.job_list_of_kind(user=request.user, kinds=[GenerationJob.Kind.EBOOK])[:RECENT_BOOKS]
    return render(request, "ai_studio/ebook.html", {"form": form, "jobs": jobs}, status=400 if form.errors else 200)


def _outline_context(job: GenerationJob, settings: dict, form: OutlineForm | None = None) -> dict:
    if form is None and job.is_finished:
        titles = ebook_outline_titles(job=job, chapters=settings["chapters"], title=settings["title"])
        form = OutlineForm(titles=titles, initial={"title": settings["title"]})
    return {"job": job, "book": settings, "form": form}


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def ebook_outline(request: HttpRequest, job_id: int) -> HttpResponse:
    """Show the drafted outline to edit (a progress bar while it is drafted); POST builds the book."""
    job, settings = _outline_job(request, job_id)
    if request.method == "GET" or not job.is_finished:
        return render(request, "ai_studio/ebook_outline.html", _outline_context(job, settings))
    form = OutlineForm(request.POST, titles=[""] * settings["chapters"])
    if form.is_valid():
        params = {**settings, "title": form.cleaned_data["title"], "outline": form.outline()}
        model = params.pop("model")
        try:
            book = job_create(user=request.user, kind="ebook", model=model, prompt=params["title"], params=params)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your eBook is being written: follow its progress below."))
            return redirect("ai_studio:ebook-job", job_id=book.pk)
    return render(request, "ai_studio/ebook_outline.html", _outline_context(job, settings, form), status=400)


@require_GET
@login_required
def ebook_outline_fragment(request: HttpRequest, job_id: int) -> HttpResponse:
    """Return the outline form alone (static/js/studio-jobs.js puts it in place when the draft is ready)."""
    job, settings = _outline_job(request, job_id)
    response = render(request, "ai_studio/ebook_outline_form.html", _outline_context(job, settings))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def ebook_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Show one of the user's eBooks: its live progress, then its PDF to download."""
    try:
        job = job_get_for(user=request.user, job_id=job_id)
    except NotFound:
        raise Http404(_("This eBook does not exist.")) from None
    if job.kind != GenerationJob.Kind.EBOOK:
        raise Http404(_("This eBook does not exist."))
    return render(request, "ai_studio/ebook_job.html", {"job": job, "product_form": None})
