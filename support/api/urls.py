"""REST endpoints of support under /api/v1/."""

from django.urls import path

from . import views

app_name = "support-api"
urlpatterns = [
    path("tickets/", views.TicketListCreateApi.as_view(), name="tickets"),
    path("tickets/<str:number>/", views.TicketDetailApi.as_view(), name="ticket-detail"),
    path("tickets/<str:number>/messages/", views.TicketMessageCreateApi.as_view(), name="ticket-messages"),
    path("contact/", views.ContactCreateApi.as_view(), name="contact"),
]
