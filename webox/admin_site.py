"""The back office's AdminSite."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class WeboxAdminSite(admin.AdminSite):
    """Django's admin with WEBOX's titles; staff-only."""

    site_header = _("WEBOX — back-office")
    site_title = _("WEBOX back-office")
    index_title = _("Administration")
