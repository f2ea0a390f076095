"""HTML pages of blog."""

from django.urls import path

from . import views

app_name = "blog"
urlpatterns = [
    path("", views.post_index, name="index"),
    path("<slug:slug>/", views.post_detail, name="post"),
]
