"""The contact form: strict rate limit, a honeypot, an acknowledgement email."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from webox.common.clientip import client_ip
from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from ..forms import ContactForm
from ..services import contact_message_create
from .tickets import _form_error


@require_http_methods(["GET", "POST"])
@ratelimit_tier("strict", scope="support.contact")
def contact(request: HttpRequest) -> HttpResponse:
    """Show the contact form; store a sent message, acknowledge it by email and tell staff."""
    user = request.user
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                contact_message_create(
                    **form.cleaned_data, ip=client_ip(request), language=translation.get_language() or "fr"
                )
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Thank you: your message was sent. We answer within two working days."))
                return redirect("contact")
        return render(request, "support/contact.html", {"form": form}, status=400)
    initial = {"name": user.get_short_name(), "email": user.email} if user.is_authenticated else {}
    return render(request, "support/contact.html", {"form": ContactForm(initial=initial)})
