"""HTML pages of ai_studio."""

from django.urls import path

from . import views

app_name = "ai_studio"
urlpatterns = [
    path("", views.index, name="index"),
    path("results/<int:result_id>/", views.result_download, name="result-download"),
]
