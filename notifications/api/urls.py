"""REST endpoints of notifications under /api/v1/."""

app_name = "notifications-api"
urlpatterns: list = []
