"""REST endpoints of ai_studio under /api/v1/."""

app_name = "ai_studio-api"
urlpatterns: list = []
