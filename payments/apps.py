from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")


class PayPalIPNConfig(AppConfig):
    """AppConfig for django-paypal's IPN app, which ships none.

    Without it, BigAutoField (the project default) makes ``makemigrations`` try
    to write a migration into site-packages; its own migrations use AutoField.
    """

    name = "paypal.standard.ipn"
    label = "ipn"
    verbose_name = _("PayPal IPN")
    default_auto_field = "django.db.models.AutoField"
