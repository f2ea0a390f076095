from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, **kwargs) -> None:
    """Sync group permissions once, after the last app's permissions exist."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        from .groups import groups_sync_permissions

        groups_sync_permissions()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_sync_groups, dispatch_uid="accounts.sync_groups")
        from . import receivers  # noqa: F401  (the security audit log's signal receivers)
