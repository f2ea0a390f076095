from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default = True  # apps.py holds two configs: this one is the app's
    name = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (refund of cancelled paid orders, PayPal IPN signals)


class PayPalIPNConfig(AppConfig):
    """AppConfig for django-paypal's IPN app, which ships none.

    Without it, BigAutoField (the project default) makes ``makemigrations`` try
    to write a migration into site-packages; its own migrations use AutoField.
    """

    default = False
    name = "paypal.standard.ipn"
    label = "ipn"
    verbose_name = _("PayPal IPN")
    default_auto_field = "django.db.models.AutoField"
