"""REST endpoints of payments under /api/v1/."""

from django.urls import path

from .views import OrderPaymentStartApi

app_name = "payments-api"
urlpatterns = [
    path("orders/<slug:number>/payments/", OrderPaymentStartApi.as_view(), name="order-payments"),
]
