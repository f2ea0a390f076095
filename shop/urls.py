"""HTML pages of shop."""

app_name = "shop"
urlpatterns: list = []
