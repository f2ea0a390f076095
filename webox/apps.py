"""App configs of the project package itself."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WeboxConfig(AppConfig):
    """The project package: management commands (seed_demo), checks and shared templates."""

    default = True
    name = "webox"
    verbose_name = "WEBOX"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)


class WeboxAdminConfig(admin_apps.AdminConfig):
    """The Django admin, served by WEBOX's own AdminSite (the back office)."""

    default = False
    default_site = "webox.admin_site.WeboxAdminSite"
