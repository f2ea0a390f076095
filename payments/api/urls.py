"""REST endpoints of payments under /api/v1/."""

app_name = "payments-api"
urlpatterns: list = []
