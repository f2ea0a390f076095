"""HTML pages of accounts."""

from django.urls import path

from . import views, views_security

app_name = "accounts"
urlpatterns: list = [
    # Profile, addresses, tokens, personal data (accounts/views.py)
    path("", views.account_view, name="account"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("addresses/", views.address_list_view, name="addresses"),
    path("addresses/new/", views.address_create_view, name="address-create"),
    path("addresses/<int:pk>/edit/", views.address_update_view, name="address-update"),
    path("addresses/<int:pk>/delete/", views.address_delete_view, name="address-delete"),
    path("addresses/<int:pk>/default/", views.address_default_view, name="address-default"),
    path("tokens/", views.tokens_view, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token-revoke"),
    path("privacy/", views.privacy_view, name="privacy"),
    path("privacy/export/", views.privacy_export_view, name="privacy-export"),
    path("privacy/delete/", views.account_delete_view, name="account-delete"),
    # Recent security activity (accounts/views_security.py)
    path("security/", views_security.security_view, name="security"),
]
