"""HTML pages of accounts."""

app_name = "accounts"
urlpatterns: list = []
