"""Serializers of the payments API."""

from rest_framework import serializers

from ..models import Payment


class PaymentStartSerializer(serializers.Serializer):
    gateway = serializers.CharField(max_length=20, help_text='A configured gateway: "stripe", "paypal" or "sandbox".')


class PaymentSerializer(serializers.ModelSerializer):
    redirect_url = serializers.SerializerMethodField(help_text="Send the customer there to pay.")

    class Meta:
        model = Payment
        fields = ["id", "status", "redirect_url"]

    def get_redirect_url(self, payment: Payment) -> str:
        request = self.context.get("request")
        url = payment.redirect_url
        if request is not None and url.startswith("/"):
            return request.build_absolute_uri(url)
        return url
