"""Addresses outside the language prefix: the gateways' notifications and the sandbox payment page.

Included at ``payments/`` by ``webox/urls.py`` before ``i18n_patterns``.
"""

from django.urls import path

from . import views, webhooks

urlpatterns = [
    path("stripe/webhook/", webhooks.stripe_webhook_view, name="payments-stripe-webhook"),
    path("paypal/ipn/", webhooks.paypal_ipn_endpoint, name="payments-paypal-ipn"),
    path("sandbox/webhook/", webhooks.sandbox_webhook_view, name="payments-sandbox-webhook"),
    path("sandbox/<int:payment_id>/", views.sandbox_page_view, name="payments-sandbox"),
]
