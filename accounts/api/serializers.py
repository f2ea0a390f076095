from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, User
from accounts.preferences import CHANNELS, KINDS_BY_NAME, notification_preferences_resolved
from accounts.validators import validate_phone
from accounts.verification import user_email_verified

_PREFERENCES_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {channel: {"type": "boolean"} for channel in CHANNELS},
    },
}


class MeSerializer(serializers.ModelSerializer):
    """The signed-in user as seen by themself."""

    avatar = serializers.SerializerMethodField()
    email_verified = serializers.SerializerMethodField()
    notification_preferences = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            *("id", "email", "email_verified", "display_name", "phone", "preferred_language"),
            *("avatar", "notification_preferences", "is_staff", "date_joined"),
        ]
        read_only_fields = fields

    def get_avatar(self, user: User) -> str | None:
        if not user.avatar:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(user.avatar.url) if request else user.avatar.url

    def get_email_verified(self, user: User) -> bool:
        return user_email_verified(user)

    @extend_schema_field(_PREFERENCES_SCHEMA)
    def get_notification_preferences(self, user: User) -> dict:
        return notification_preferences_resolved(user)


class NotificationPreferencesField(serializers.DictField):
    """``{kind: {"site": bool, "email": bool}}`` with known kinds and channels only."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        errors = {}
        for kind, channels in value.items():
            if kind not in KINDS_BY_NAME:
                errors[kind] = _("Unknown notification kind.")
            elif not isinstance(channels, dict) or not set(channels) <= set(CHANNELS):
                errors[kind] = _('Give {"site": true|false, "email": true|false}.')
            elif not all(isinstance(flag, bool) for flag in channels.values()):
                errors[kind] = _("Each channel is true or false.")
        if errors:
            raise serializers.ValidationError(errors)
        return value


class MeUpdateSerializer(serializers.Serializer):
    """The only fields a user may change through the API; any other key is ignored."""

    display_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, validators=[validate_phone])
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    notification_preferences = NotificationPreferencesField(required=False)


class ApiTokenSerializer(serializers.ModelSerializer):
    """A personal token as listed: its prefix, never its key."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    expires_in_days = serializers.IntegerField(min_value=1, max_value=3650, required=False, allow_null=True)


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    """A token just created: the only time its key is shown."""

    key = serializers.CharField(read_only=True)

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields
