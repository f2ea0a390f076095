"""Template filters of the catalogue: prices in euros, written the way the visitor's language writes them."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def money(amount: Decimal | None) -> str:
    """Format a VAT-inclusive euro amount: ``1 234,50 €`` in French, ``€1,234.50`` in English."""
    if amount is None or amount == "":
        return ""
    value = number_format(Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": value}
