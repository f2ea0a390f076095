"""HTML pages and feeds of the blog."""

from django.urls import path

from . import feeds, views

app_name = "blog"
urlpatterns = [
    path("", views.post_index, name="index"),
    path("search/", views.post_search, name="search"),
    path("feed/rss/", feeds.LatestPostsFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed-atom"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("category/<slug:slug>/feed/rss/", feeds.CategoryPostsFeed(), name="category-feed-rss"),
    path("category/<slug:slug>/feed/atom/", feeds.CategoryPostsAtomFeed(), name="category-feed-atom"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("author/<int:pk>/", views.author_detail, name="author"),
    path("preview/<str:token>/", views.post_preview, name="preview"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="comment-moderate"),
    path("<slug:slug>/", views.post_detail, name="post"),
    path("<slug:slug>/comments/", views.comment_post, name="comment-post"),
    path("<slug:slug>/comments/toggle/", views.post_comments_toggle, name="comments-toggle"),
]
