"""REST endpoints of accounts under /api/v1/."""

app_name = "accounts-api"
urlpatterns: list = []
