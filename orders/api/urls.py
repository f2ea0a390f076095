"""REST endpoints of orders under /api/v1/."""

app_name = "orders-api"
urlpatterns: list = []
