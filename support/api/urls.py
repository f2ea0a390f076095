"""REST endpoints of support under /api/v1/."""

app_name = "support-api"
urlpatterns: list = []
