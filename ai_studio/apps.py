from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiStudioConfig(AppConfig):
    name = "ai_studio"
    verbose_name = _("AI studio")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (credits of paid credit packs, sign-up bonus)
