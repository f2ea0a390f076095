"""REST endpoints of blog under /api/v1/."""

app_name = "blog-api"
urlpatterns: list = []
