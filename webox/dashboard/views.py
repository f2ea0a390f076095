"""The dashboard on the admin index, and its figures as CSV files (both behind the admin site's 2FA check)."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from .forms import PeriodForm, period_query
from .periods import DEFAULT_DAYS, Period
from .selectors import dashboard_figures
from .tables import Table, dashboard_tables

# The figures include revenue and refunds: they are for those who may read payments (Staff, superusers),
# not for Support or Bloggers, whose admin index keeps only their list of apps.
DASHBOARD_PERMISSION = "payments.view_payment"


def dashboard_allowed(user) -> bool:
    return user.has_perm(DASHBOARD_PERMISSION)


def _chosen_period(request: HttpRequest) -> tuple[PeriodForm, Period, str] | None:
    """Return the period form, the period and its query string, or None when the query string is invalid."""
    if not request.GET:
        return PeriodForm(initial={"period": str(DEFAULT_DAYS)}), Period.last_days(DEFAULT_DAYS), ""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return None
    return form, form.get_period(), period_query(form)


def _form_errors(form: PeriodForm) -> str:
    return " ".join(str(error).rstrip(".") for errors in form.errors.values() for error in errors)


def dashboard_context(request: HttpRequest) -> dict:
    """Return the template context of the dashboard for the period in the query string (empty if not allowed).

    An invalid period is reported as a message, and the last 30 days are shown.
    """
    if not dashboard_allowed(request.user):
        return {}
    chosen = _chosen_period(request)
    if chosen is None:
        errors = _form_errors(PeriodForm(request.GET))
        messages.error(request, _("Invalid period (%(errors)s): the last 30 days are shown.") % {"errors": errors})
        chosen = PeriodForm(initial={"period": str(DEFAULT_DAYS)}), Period.last_days(DEFAULT_DAYS), ""
    form, period, query = chosen
    figures = dashboard_figures(period.start, period.end)
    tables = dashboard_tables(figures)
    charts = {table.name: table.chart_data() for table in tables if table.chart is not None}
    return {
        "period_form": form,
        "period": period,
        "period_query": query,
        "figures": figures,
        "summary": tables[0],
        "tables": tables[1:],
        "charts": charts,
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # spreadsheets then read the file as UTF-8
    yield from (writer.writerow(row) for row in table.csv_rows())


def dashboard_csv(request: HttpRequest, name: str) -> HttpResponse:
    """Return one table of the dashboard as CSV (UTF-8 with BOM, ``;`` between fields), for the same period."""
    if not dashboard_allowed(request.user):
        raise PermissionDenied
    chosen = _chosen_period(request)
    if chosen is None:
        return HttpResponseBadRequest(_("Invalid period."))
    _form, period, _query = chosen
    tables = dashboard_tables(dashboard_figures(period.start, period.end))
    table = next((table for table in tables if table.name == name), None)
    if table is None:
        raise Http404(_("No such figure."))
    response = HttpResponse("".join(_csv_lines(table)), content_type="text/csv; charset=utf-8")
    filename = f"dashboard-{name}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
