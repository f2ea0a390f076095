"""Two-factor pages, mounted at /accounts/2fa/ (before allauth's own /accounts/ pages).

Every page that checks a code or a password is in the strict rate-limit tier
(counted on POST only), on top of the 5-wrong-codes limit of the services.
"""

from django.urls import path

from webox.common.ratelimits import ratelimit_tier

from . import views


def _strict(view, scope: str):
    return ratelimit_tier("strict", scope=scope, account=views.ratelimit_account)(view)


urlpatterns = [
    path("", views.manage, name="twofactor-manage"),
    path("setup/", _strict(views.setup, "twofactor-setup"), name="twofactor-setup"),
    path("verify/", _strict(views.verify, "twofactor-verify"), name="twofactor-verify"),
    path("backup-codes/", _strict(views.backup_codes, "twofactor-backup-codes"), name="twofactor-backup-codes"),
    path("backup-codes/download/", views.backup_codes_download, name="twofactor-backup-codes-download"),
    path("disable/", _strict(views.disable, "twofactor-disable"), name="twofactor-disable"),
]
