"""System checks for settings that must hold in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_offline_providers(app_configs, **kwargs):
    """Refuse the offline sandbox/demo providers and eager tasks in a deployment."""
    errors = []
    for setting_name in ("PAYMENT_GATEWAYS", "AI_PROVIDERS"):
        for alias, entry in (getattr(settings, setting_name, {}) or {}).items():
            if entry.get("OFFLINE_ONLY") and not getattr(settings, "ALLOW_OFFLINE_PROVIDERS", False):
                errors.append(
                    checks.Error(
                        f"{setting_name}[{alias!r}] is an offline provider and cannot serve production.",
                        hint="Remove it, or set ALLOW_OFFLINE_PROVIDERS=True for a demo deployment.",
                        id="webox.E001",
                    )
                )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        errors.append(
            checks.Error(
                "CELERY_TASK_ALWAYS_EAGER runs slow work inside web requests.",
                hint="Run Celery workers and leave CELERY_TASK_ALWAYS_EAGER off in production.",
                id="webox.E002",
            )
        )
    return errors
