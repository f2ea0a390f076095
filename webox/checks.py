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


@checks.register(checks.Tags.security)
def check_sandbox_gateway(app_configs, **kwargs):
    """Refuse the sandbox payment gateway whenever DEBUG is false, unless ALLOW_OFFLINE_PROVIDERS says it is a demo.

    Unlike ``check_offline_providers`` this runs on every start, not only with ``--deploy``:
    a "Paiement de test" page that marks orders paid must never reach a real shop by mistake.
    """
    if settings.DEBUG or getattr(settings, "ALLOW_OFFLINE_PROVIDERS", False):
        return []
    return [
        checks.Error(
            f"PAYMENT_GATEWAYS[{alias!r}] is the offline sandbox, which marks orders paid without money, "
            "and DEBUG is false.",
            hint="Remove it (PAYMENTS_SANDBOX=false), or set ALLOW_OFFLINE_PROVIDERS=true for a demo site.",
            id="webox.E003",
        )
        for alias, entry in (getattr(settings, "PAYMENT_GATEWAYS", {}) or {}).items()
        if entry.get("OFFLINE_ONLY")
    ]
