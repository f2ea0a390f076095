"""REST endpoints of blog under /api/v1/."""

from django.urls import path

from . import views

app_name = "blog-api"
urlpatterns = [
    path("blog/posts/", views.PostListApi.as_view(), name="post-list"),
    path("blog/posts/<slug:slug>/", views.PostDetailApi.as_view(), name="post-detail"),
    path("blog/posts/<slug:slug>/comments/", views.PostCommentListCreateApi.as_view(), name="post-comments"),
]
