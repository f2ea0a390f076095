"""Shapes of the AI studio's API (ARCHITECTURE.md, "Details that clients rely on")."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Conversation, CreditEntry, GenerationJob, GenerationResult, Message
from ..services import message_status


class AiModelSerializer(serializers.Serializer):
    id = serializers.CharField()
    provider = serializers.CharField()
    name = serializers.CharField()
    capability = serializers.CharField()
    credit_price = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Credits per 1,000 input and output tokens (chat), or per image.",
    )
    available = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the model is unavailable; empty when it is available.")


class CreditEntrySerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = CreditEntry
        fields = ["kind", "amount", "reason", "created_at"]

    def get_reason(self, entry: CreditEntry) -> str:
        if entry.job_id:
            return _("Generation #%(job)d") % {"job": entry.job_id}
        return _(entry.reason) if entry.reason else ""


class CreditsSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    entries = CreditEntrySerializer(many=True)


class JobResultSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = GenerationResult
        fields = ["url", "content_type"]

    @extend_schema_field(serializers.CharField())
    def get_url(self, result: GenerationResult) -> str:
        path = reverse("ai_studio:result-download", args=[result.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class JobSerializer(serializers.ModelSerializer):
    results = JobResultSerializer(many=True, read_only=True)

    class Meta:
        model = GenerationJob
        fields = [
            "id",
            "kind",
            "model",
            "status",
            "progress",
            "stage",
            "reserved_credits",
            "cost",
            "results",
            "error",
            "created_at",
        ]


class JobCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GenerationJob.Kind.choices)
    model = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Empty: the default model."
    )
    prompt = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        required=False,
        default="",
        help_text="Required for chat, image, speech, music and video; the builders take their text from params.",
    )
    params = serializers.DictField(required=False, default=dict)


class UsageSerializer(serializers.Serializer):
    input_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()


class MessageSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="pending (streaming), complete, failed or cancelled.")
    usage = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "role", "content", "status", "usage", "cost", "error", "created_at"]

    def get_status(self, message: Message) -> str:
        return message_status(message)

    @extend_schema_field(UsageSerializer)
    def get_usage(self, message: Message) -> dict[str, int]:
        return {"input_tokens": message.input_tokens, "output_tokens": message.output_tokens}

    def get_error(self, message: Message) -> str:
        return message.job.error if message.job_id else ""


class ConversationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conversation
        fields = ["id", "model", "title", "system_prompt", "created_at", "updated_at"]


class ConversationDetailSerializer(ConversationSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(ConversationSerializer.Meta):
        fields = [*ConversationSerializer.Meta.fields, "messages"]


class ConversationCreateSerializer(serializers.Serializer):
    model = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    system_prompt = serializers.CharField(required=False, allow_blank=True, default="")


class ConversationRenameSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)


class MessageCreateSerializer(serializers.Serializer):
    content = serializers.CharField(trim_whitespace=False, allow_blank=True)


class MessageSentSerializer(serializers.Serializer):
    message = MessageSerializer(help_text="The user's message.")
    reply = MessageSerializer(help_text="The assistant's reply: pending while it streams, complete in eager mode.")
