"""REST endpoints of ai_studio under /api/v1/."""

from django.urls import path

from . import views

app_name = "ai_studio-api"
urlpatterns = [
    path("ai/models/", views.ModelListApi.as_view(), name="models"),
    path("ai/credits/", views.CreditsApi.as_view(), name="credits"),
    path("ai/jobs/", views.JobListCreateApi.as_view(), name="jobs"),
    path("ai/jobs/<int:job_id>/", views.JobDetailApi.as_view(), name="job-detail"),
    path("ai/jobs/<int:job_id>/cancel/", views.JobCancelApi.as_view(), name="job-cancel"),
    path("ai/conversations/", views.ConversationListCreateApi.as_view(), name="conversations"),
    path("ai/conversations/<int:conversation_id>/", views.ConversationDetailApi.as_view(), name="conversation-detail"),
    path(
        "ai/conversations/<int:conversation_id>/messages/",
        views.ConversationMessageCreateApi.as_view(),
        name="conversation-messages",
    ),
]
