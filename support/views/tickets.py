"""The customer's tickets: list, open one (from anywhere or an order page), conversation, close, reopen, rate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from .. import selectors
from ..forms import RatingForm, ReplyForm, TicketForm
from ..models import Ticket
from ..services import ticket_create, ticket_rate, ticket_reply, ticket_transition
from ..services.status import ticket_can_transition

TICKETS_PAGE_SIZE = 20


def _form_error(form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: on its fields when it names them, else on the whole form."""
    fields = exc.extra.get("fields") or {}
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not fields:
        form.add_error(None, exc.message)


def _ticket_or_404(request: HttpRequest, number: str) -> Ticket:
    ticket = selectors.ticket_get_for(user=request.user, number=number)
    if ticket is None or ticket.customer_id != request.user.pk:
        raise Http404
    return ticket


@require_GET
@login_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    """List the signed-in customer's tickets, the latest first."""
    page = Paginator(selectors.ticket_list_for(user=request.user), TICKETS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/ticket_list.html", {"page_obj": page, "tickets": page.object_list})


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def ticket_create_view(request: HttpRequest) -> HttpResponse:
    """Open a ticket; ``?order=<number>`` (one of the customer's orders) prefills the order and the topic."""
    orders = selectors.customer_orders(user=request.user)
    if request.method == "POST":
        form = TicketForm(request.POST, request.FILES, orders=orders)
        if form.is_valid():
            try:
                ticket = ticket_create(customer=request.user, language=translation.get_language(), **form.cleaned_data)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Your request %(number)s is open.") % {"number": ticket.number})
                return redirect(ticket)
    else:
        order = orders.filter(number=request.GET.get("order", "")).first()
        initial = {"order": order, "category": Ticket.Category.ORDER} if order else {}
        form = TicketForm(initial=initial, orders=orders)
    return render(request, "support/ticket_form.html", {"form": form})


def _detail_context(request: HttpRequest, ticket: Ticket, reply_form=None, rating_form=None) -> dict:
    return {
        "ticket": ticket,
        "ticket_messages": selectors.ticket_messages_for(ticket=ticket, user=request.user),
        "reply_form": reply_form or ReplyForm(),
        "rating_form": rating_form or RatingForm(initial={"rating": ticket.rating, "comment": ticket.rating_comment}),
        "can_close": ticket_can_transition(ticket.status, Ticket.Status.CLOSED),
        "can_reopen": ticket.status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED),
        "can_rate": ticket.status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED),
    }


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit_tier("moderate")
def ticket_detail(request: HttpRequest, number: str) -> HttpResponse:
    """Show the conversation of one of the customer's tickets; a POST adds their reply."""
    ticket = _ticket_or_404(request, number)
    form = None
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                ticket_reply(ticket=ticket, author=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Your reply was sent."))
                return redirect(ticket)
    return render(request, "support/ticket_detail.html", _detail_context(request, ticket, reply_form=form))


def _move(request: HttpRequest, number: str, to_status: str, done: str) -> HttpResponse:
    ticket = _ticket_or_404(request, number)
    try:
        ticket_transition(ticket=ticket, to_status=to_status, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(ticket)


@require_POST
@login_required
@ratelimit_tier("moderate")
def ticket_close(request: HttpRequest, number: str) -> HttpResponse:
    """Close one of the customer's tickets."""
    return _move(request, number, Ticket.Status.CLOSED, _("Your request is closed."))


@require_POST
@login_required
@ratelimit_tier("moderate")
def ticket_reopen(request: HttpRequest, number: str) -> HttpResponse:
    """Reopen a resolved or closed ticket (within the reopening delay)."""
    return _move(request, number, Ticket.Status.OPEN, _("Your request is open again."))


@require_POST
@login_required
@ratelimit_tier("moderate")
def ticket_rate_view(request: HttpRequest, number: str) -> HttpResponse:
    """Record the customer's satisfaction with a resolved or closed ticket."""
    ticket = _ticket_or_404(request, number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            ticket_rate(ticket=ticket, customer=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(ticket)
    context = _detail_context(request, ticket, rating_form=form)
    return render(request, "support/ticket_detail.html", context, status=400)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send an attachment to its ticket's customer or to staff, as a download; anyone else gets a 404."""
    attachment = selectors.attachment_get_for(user=request.user, pk=pk)
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
