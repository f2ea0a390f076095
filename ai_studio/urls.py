"""HTML pages of ai_studio."""

app_name = "ai_studio"
urlpatterns: list = []
