"""Load providers (payment gateways, AI providers...) configured by alias in settings.

A setting such as::

    PAYMENT_GATEWAYS = {
        "sandbox": {"CLASS": "payments.gateways.sandbox.SandboxGateway", "OPTIONS": {}},
    }

is read by ``Registry("PAYMENT_GATEWAYS")``. Instances are built once and
cached; the cache resets when a test overrides the setting.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string


class Registry:
    """A lazily built, cached mapping of alias → provider instance."""

    def __init__(self, setting_name: str):
        self.setting_name = setting_name
        self._instances: dict[str, Any] | None = None
        setting_changed.connect(self._on_setting_changed, weak=False)

    def _on_setting_changed(self, *, setting: str, **kwargs: Any) -> None:
        if setting == self.setting_name:
            self._instances = None

    def _build(self) -> dict[str, Any]:
        config = getattr(settings, self.setting_name, {}) or {}
        instances = {}
        for alias, entry in config.items():
            try:
                cls = import_string(entry["CLASS"])
            except (KeyError, ImportError) as exc:
                raise ImproperlyConfigured(f"{self.setting_name}[{alias!r}]: {exc}") from exc
            instances[alias] = cls(alias=alias, **entry.get("OPTIONS", {}))
        return instances

    def all(self) -> dict[str, Any]:
        """Return every configured provider by alias."""
        if self._instances is None:
            self._instances = self._build()
        return self._instances

    def get(self, alias: str) -> Any:
        """Return the provider configured under ``alias``; KeyError when there is none."""
        return self.all()[alias]

    def __contains__(self, alias: str) -> bool:
        return alias in self.all()
