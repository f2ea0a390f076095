"""The back office's AdminSite: staff only, and only with two-factor authentication."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

MONITORING_PERMISSION = "monitoring.view_alert"


class WeboxAdminSite(admin.AdminSite):
    """Django's admin with WEBOX's titles, for verified staff.

    Like django-otp's ``OTPAdminSite``, a staff member counts only once the
    session is verified by their authenticator. There is one login flow, the
    site's (password, then the second factor): the admin login page sends people
    there, and staff without an authenticator to the 2FA set-up page.
    """

    site_header = _("WEBOX — back-office")
    site_title = _("WEBOX back-office")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and bool(is_verified and is_verified())

    def get_urls(self):
        """Add the back office's own pages (each behind ``admin_view``) before Django's admin URLs."""
        from webox.dashboard.views import dashboard_csv

        pages = [
            path("dashboard/<slug:name>.csv", self.admin_view(dashboard_csv), name="dashboard-csv"),
        ]
        return [*pages, *super().get_urls()]

    def index(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Show the dashboard (the business's figures for a period) above the list of apps."""
        from webox.dashboard.views import dashboard_context

        context = {**dashboard_context(request), **self._monitoring_context(request), **(extra_context or {})}
        return super().index(request, extra_context=context)

    def _monitoring_context(self, request: HttpRequest) -> dict:
        """Return the link to the monitoring page and the open alerts' count, for those allowed to monitor."""
        from webox.monitoring.selectors import alert_count_open

        if not request.user.has_perm(MONITORING_PERMISSION):
            return {}
        return {"monitoring_url": reverse("admin-monitoring"), "open_alerts": alert_count_open()}

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Send the visitor to the step they are missing: site login, 2FA set-up, or the code."""
        from accounts.twofactor.selectors import twofactor_is_enabled

        next_url = self._next_url(request)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not twofactor_is_enabled(user=user):
            return redirect_to_login(next_url, reverse("twofactor-setup"))
        if not self.has_permission(request):
            return redirect_to_login(next_url, reverse("twofactor-verify"))
        return HttpResponseRedirect(next_url)

    def _next_url(self, request: HttpRequest) -> str:
        url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return url
        return reverse("admin:index", current_app=self.name)
