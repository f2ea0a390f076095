"""The help desk API: the caller's tickets, their conversation, and the contact form.

``GET/POST /api/v1/tickets/``, ``GET /api/v1/tickets/{number}/``,
``POST /api/v1/tickets/{number}/messages/``, ``POST /api/v1/contact/``.
Another customer's ticket is a 404; customers never see internal notes.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webox.common.clientip import client_ip
from webox.common.errors import NotFound
from webox.common.ratelimits import TierThrottleMixin

from .. import selectors
from ..errors import SupportErrorCode
from ..models import Ticket
from ..services import contact_message_create, ticket_create, ticket_reply
from .serializers import (
    ContactSerializer,
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketMessageSerializer,
    TicketReplySerializer,
    TicketSerializer,
)

PARSERS = [JSONParser, MultiPartParser, FormParser]


def _ticket_or_404(request: Request, number: str) -> Ticket:
    ticket = selectors.ticket_get_for(user=request.user, number=number)
    if ticket is None:
        raise NotFound(_("This ticket does not exist."), code=SupportErrorCode.TICKET_NOT_FOUND)
    return ticket


def _detail(request: Request, ticket: Ticket) -> dict:
    messages = selectors.ticket_messages_for(ticket=ticket, user=request.user)
    return TicketDetailSerializer(ticket, context={"messages": messages, "request": request}).data


class TicketListCreateApi(TierThrottleMixin, ListAPIView):
    """List the caller's tickets, the latest first; open one (201 with its messages)."""

    serializer_class = TicketSerializer
    parser_classes = PARSERS
    ratelimit_tier = "moderate"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Ticket.objects.none()
        return selectors.ticket_list_for(user=self.request.user)

    @extend_schema(request=TicketCreateSerializer, responses={201: TicketDetailSerializer})
    def post(self, request: Request) -> Response:
        serializer = TicketCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ticket = ticket_create(
            customer=request.user,
            subject=data["subject"],
            category=data["category"],
            body=data["body"],
            order=data.get("order"),
            attachments=data["attachments"],
            language=translation.get_language(),
        )
        return Response(_detail(request, ticket), status=status.HTTP_201_CREATED)


class TicketDetailApi(APIView):
    """One of the caller's tickets with its conversation (no internal notes for customers)."""

    @extend_schema(responses={200: TicketDetailSerializer})
    def get(self, request: Request, number: str) -> Response:
        return Response(_detail(request, _ticket_or_404(request, number)))


class TicketMessageCreateApi(TierThrottleMixin, APIView):
    """Reply in one of the caller's tickets (JSON, or multipart with ``attachments``)."""

    parser_classes = PARSERS
    ratelimit_tier = "moderate"

    @extend_schema(request=TicketReplySerializer, responses={201: TicketMessageSerializer})
    def post(self, request: Request, number: str) -> Response:
        ticket = _ticket_or_404(request, number)
        serializer = TicketReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = ticket_reply(
            ticket=ticket,
            author=request.user,
            body=serializer.validated_data["body"],
            attachments=serializer.validated_data["attachments"],
        )
        return Response(TicketMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class ContactCreateApi(TierThrottleMixin, APIView):
    """Send a message to the WEBOX team (anyone, strict rate limit); ``website`` must stay empty."""

    permission_classes = [AllowAny]
    ratelimit_tier = "strict"
    ratelimit_scope = "support.contact"

    @extend_schema(request=ContactSerializer, responses={201: None})
    def post(self, request: Request) -> Response:
        serializer = ContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact_message_create(
            **serializer.validated_data, ip=client_ip(request), language=translation.get_language() or "fr"
        )
        return Response({"detail": _("Thank you: your message was sent.")}, status=status.HTTP_201_CREATED)
