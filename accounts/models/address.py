"""Postal addresses of a user: several, one default for shipping and one for billing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel


class Address(TimeStampedModel):
    """A postal address in the user's address book."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("e.g. Home, Office"))
    full_name = models.CharField(_("full name"), max_length=120)
    company = models.CharField(_("company"), max_length=120, blank=True)
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="FR", help_text=_("ISO 3166-1 alpha-2 code"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_default_shipping = models.BooleanField(_("default shipping address"), default=False)
    is_default_billing = models.BooleanField(_("default billing address"), default=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default_shipping", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default_shipping=True),
                name="accounts_address_one_default_shipping",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default_billing=True),
                name="accounts_address_one_default_billing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.line1}, {self.postal_code} {self.city}"
