"""CSV export of a filtered changelist, for any ModelAdmin that declares its columns.

A ModelAdmin opts in with ``CsvExportMixin`` and a ``csv_export_fields`` list:
each entry is a field path (``"number"``, ``"user__email"``, or a name the
admin's ``get_queryset`` annotates), or a ``(path, label)`` pair. The admin
then gains

- a ``csv/`` URL next to its changelist (name ``admin:<app>_<model>_csv``)
  that exports every row the changelist shows, with its filters, search and
  ordering (the changelist's "Export CSV" button links to it with the current
  query string);
- an ``export_csv`` action that exports the selected rows.

The file suits spreadsheets opened in France: UTF-8 with a byte order mark
(so Excel reads the accents), ``;`` between fields (the list separator of a
French Excel, where ``,`` is the decimal mark; WEBOX's other exports use it
too), dates in local time. It is streamed from one ``values_list`` query read
in chunks, so a long list neither fills memory nor runs one query per row. A
text cell starting with ``= + - @`` (or a tab or carriage return) gets a
leading quote: a spreadsheet would otherwise run it as a formula (CSV
injection).
"""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000

Column = str | tuple[str, Any]


def csv_cell(value: Any) -> str:
    """Return ``value`` as a spreadsheet cell: local dates, plain numbers, quoted formula-like text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object that returns what is written: lets csv.writer feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_streaming_response(rows: Iterable[Sequence[Any]], *, filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` (the header first) as a CSV download; cells go through ``csv_cell``."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER)

    def content() -> Iterator[str]:
        yield "\ufeff"  # the byte order mark: spreadsheets then read the file as UTF-8
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(content(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _column_label(model: type[Model], column_path: str) -> str:
    """Return the verbose name of the field at ``column_path`` (its last step), else the path itself."""
    current = model
    field = None
    for step in column_path.split("__"):
        try:
            field = current._meta.get_field(step)
        except FieldDoesNotExist:
            return column_path
        current = field.related_model or current
    return str(capfirst(field.verbose_name)) if hasattr(field, "verbose_name") else column_path


def _choice_labels(model: type[Model], column_path: str) -> dict[Any, str]:
    """Return ``{value: label}`` when the field at ``column_path`` has choices, else an empty dict."""
    current, field = model, None
    for step in column_path.split("__"):
        try:
            field = current._meta.get_field(step)
        except FieldDoesNotExist:
            return {}
        current = field.related_model or current
    choices = getattr(field, "flatchoices", None) or ()
    return {value: str(label) for value, label in choices}


def csv_export_rows(queryset: QuerySet, columns: Sequence[Column]) -> Iterator[list[Any]]:
    """Yield the header, then one row per object of ``queryset`` (a single query, read in chunks).

    Labels are translated now, in the request's language; the rows are read
    while the response streams.
    """
    paths = [column if isinstance(column, str) else column[0] for column in columns]
    header = [
        _column_label(queryset.model, column) if isinstance(column, str) else str(column[1]) for column in columns
    ]
    choices = [_choice_labels(queryset.model, column_path) for column_path in paths]

    def rows() -> Iterator[list[Any]]:
        yield header
        for values in queryset.values_list(*paths).iterator(chunk_size=CHUNK_SIZE):
            yield [labels.get(value, value) if labels else value for labels, value in zip(choices, values, strict=True)]

    return rows()


class CsvExportMixin:
    """Give a ModelAdmin a CSV export of its filtered changelist and of selected rows (``csv_export_fields``)."""

    csv_export_fields: Sequence[Column] = ()
    change_list_template = "admin/webox/csv_change_list.html"

    def get_csv_export_fields(self, request: HttpRequest) -> Sequence[Column]:
        return self.csv_export_fields

    def get_csv_export_filename(self, request: HttpRequest) -> str:
        return f"{self.opts.model_name}-{timezone.localdate():%Y-%m-%d}.csv"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_csv"
        export = path("csv/", self.admin_site.admin_view(self.csv_export_view), name=name)
        return [export, *super().get_urls()]

    def csv_export_response(self, request: HttpRequest, queryset: QuerySet) -> StreamingHttpResponse:
        rows = csv_export_rows(queryset, self.get_csv_export_fields(request))
        return csv_streaming_response(rows, filename=self.get_csv_export_filename(request))

    def csv_export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """Stream every row of the changelist as filtered, searched and ordered by the query string."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return self.csv_export_response(request, queryset)

    @admin.action(description=_("Export the selected rows (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> StreamingHttpResponse:
        return self.csv_export_response(request, queryset)

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            actions.setdefault("export_csv", self.get_action("export_csv"))
        return actions
