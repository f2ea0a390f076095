from django.conf import settings
from rest_framework import serializers

from accounts.models import User


class MeSerializer(serializers.ModelSerializer):
    """The signed-in user as seen by themself."""

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "preferred_language", "is_staff", "date_joined"]
        read_only_fields = ["id", "email", "is_staff", "date_joined"]


class MeUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
