"""REST endpoints of orders under /api/v1/."""

from django.urls import path

from .views import CheckoutApi, OrderCancelApi, OrderDetailApi, OrderInvoiceApi, OrderListApi

app_name = "orders-api"
urlpatterns = [
    path("checkout/", CheckoutApi.as_view(), name="checkout"),
    path("orders/", OrderListApi.as_view(), name="orders"),
    path("orders/<slug:number>/", OrderDetailApi.as_view(), name="order"),
    path("orders/<slug:number>/cancel/", OrderCancelApi.as_view(), name="order-cancel"),
    path("orders/<slug:number>/invoice/", OrderInvoiceApi.as_view(), name="order-invoice"),
]
