"""HTML pages of blog."""

app_name = "blog"
urlpatterns: list = []
