"""Serializers of the help desk API."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from orders.models import Order
from webox.common.markdown import render_markdown

from ..models import Ticket, TicketAttachment, TicketMessage


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = TicketAttachment
        fields = ["id", "original_name", "content_type", "size", "url"]

    def get_url(self, attachment: TicketAttachment) -> str:
        return attachment.get_absolute_url()


class TicketMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TicketMessage
        fields = ["id", "author", "from_staff", "body", "body_html", "is_internal", "attachments", "created_at"]

    def get_author(self, message: TicketMessage) -> str:
        if message.from_staff:
            return _("WEBOX support")
        return message.author.get_short_name() if message.author else ""

    def get_body_html(self, message: TicketMessage) -> str:
        return render_markdown(message.body)


class TicketSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", default=None, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "number",
            "subject",
            "category",
            "priority",
            "status",
            "order",
            "url",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "rating",
            "rating_comment",
            "created_at",
            "updated_at",
        ]


class TicketDetailSerializer(TicketSerializer):
    messages = serializers.SerializerMethodField()

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "messages"]

    def get_messages(self, ticket: Ticket) -> list[dict]:
        messages = self.context["messages"]
        return TicketMessageSerializer(messages, many=True).data


class TicketCreateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    body = serializers.CharField(max_length=20000)
    order = serializers.CharField(required=False, allow_blank=True, help_text="The number of one of your orders.")
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_order(self, number: str) -> Order | None:
        if not number:
            return None
        order = Order.objects.filter(number=number, user=self.context["request"].user).first()
        if order is None:
            raise serializers.ValidationError(_("This order is not one of yours."))
        return order


class TicketReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField()
    subject = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=10000)
    website = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Honeypot: must stay empty."
    )
