"""HTML pages of payments (inside the language prefix, at ``payments/``). Webhooks live in ``webhook_urls``."""

from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("orders/<slug:number>/pay/", views.payment_start_view, name="start"),
    path("<int:payment_id>/return/", views.payment_return_view, name="return"),
    path("<int:payment_id>/cancel/", views.payment_cancel_view, name="cancel"),
    path("<int:payment_id>/status/", views.payment_status_view, name="status"),
    path("<int:payment_id>/paypal/", views.paypal_form_view, name="paypal"),
]
