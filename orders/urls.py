"""HTML pages of orders."""

from django.urls import path

from .views import checkout, downloads, orders

app_name = "orders"
urlpatterns: list = [
    path("", orders.order_list_view, name="list"),
    path("checkout/", checkout.checkout_view, name="checkout"),
    path("checkout/review/", checkout.checkout_review_view, name="checkout-review"),
    path("downloads/<str:token>/", downloads.download_view, name="download"),
    path("<slug:number>/", orders.order_detail_view, name="detail"),
    path("<slug:number>/cancel/", orders.order_cancel_view, name="cancel"),
    path("<slug:number>/reorder/", orders.order_reorder_view, name="reorder"),
    path("<slug:number>/invoice/", orders.order_invoice_view, name="invoice"),
]
