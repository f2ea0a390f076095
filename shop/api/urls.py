"""REST endpoints of shop under /api/v1/."""

app_name = "shop-api"
urlpatterns: list = []
