"""HTML pages of notifications."""

app_name = "notifications"
urlpatterns: list = []
