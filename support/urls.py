"""HTML pages of support, under /help/."""

from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("", views.faq, name="faq"),
    path("faq/<int:pk>/vote/", views.faq_vote_view, name="faq-vote"),
    path("tickets/", views.ticket_list, name="ticket-list"),
    path("tickets/new/", views.ticket_create_view, name="ticket-create"),
    path("tickets/<str:number>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<str:number>/close/", views.ticket_close, name="ticket-close"),
    path("tickets/<str:number>/reopen/", views.ticket_reopen, name="ticket-reopen"),
    path("tickets/<str:number>/rate/", views.ticket_rate_view, name="ticket-rate"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
