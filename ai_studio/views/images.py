"""The images page: ask for pictures (a job of kind ``image``) and see the ones already made."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..forms import ImageForm, ProductImageForm
from ..models import GenerationJob
from ..services import job_create
from .common import form_error, studio_models

IMAGES_PAGE_SIZE = 12


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def images(request: HttpRequest) -> HttpResponse:
    """Show the image form and the user's image jobs; POST queues a new one and comes back here."""
    models = studio_models("image")
    form = ImageForm(request.POST or None, models=models)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_create(
                user=request.user, kind="image", model=data["model"], prompt=data["prompt"], params=form.job_params()
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your pictures are being made: they appear below in a few seconds."))
            return redirect("ai_studio:images")
    jobs = selectors.job_list_of_kind(user=request.user, kinds=[GenerationJob.Kind.IMAGE])
    page = Paginator(jobs, IMAGES_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "jobs": page.object_list,
        "product_form": ProductImageForm() if request.user.is_staff else None,
    }
    return render(request, "ai_studio/images.html", context, status=400 if form.errors else 200)
