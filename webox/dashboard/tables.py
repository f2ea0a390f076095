"""The dashboard's figures as tables: the same rows feed the page's data tables, its charts and the CSV files.

Headers and labels are translated here, in the request's language; the figures
themselves (cached) hold only numbers, dates and codes.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from orders.models import Order

EMPTY = "—"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Chart:
    """How to draw a table: Chart.js ``kind`` (bar, line), the columns drawn as series, bars along x or y."""

    kind: str
    series: tuple[int, ...]
    horizontal: bool = False


@dataclass
class Table:
    """One figure as a table: ``rows`` hold raw values (numbers, dates, text); the first column labels them."""

    name: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: Chart | None = None
    footer: list = field(default_factory=list)

    @property
    def display_rows(self) -> list[list[str]]:
        return [[display(value) for value in row] for row in self.rows]

    @property
    def display_footer(self) -> list[str]:
        return [display(value) for value in self.footer]

    def csv_rows(self) -> list[list[str]]:
        rows = [self.headers, *self.rows, *([self.footer] if self.footer else [])]
        return [[csv_value(value) for value in row] for row in rows]

    def chart_data(self) -> dict | None:
        """Return what admin-dashboard.js needs to draw the chart (numbers as floats), or None."""
        if self.chart is None:
            return None
        return {
            "kind": self.chart.kind,
            "horizontal": self.chart.horizontal,
            "labels": [short_label(row[0]) for row in self.rows],
            "datasets": [
                {"label": self.headers[column], "data": [_number(row[column]) for row in self.rows]}
                for column in self.chart.series
            ],
        }


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def _hours_minutes(value: timedelta) -> tuple[int, int]:
    return divmod(round(value.total_seconds() / 60), 60)


def duration_text(value: timedelta) -> str:
    """Return a duration as hours and minutes ("2 h 05 min"), or minutes alone under an hour."""
    hours, minutes = _hours_minutes(value)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def display(value) -> str:
    """Return ``value`` as the page shows it, localised (French: "1 234,50", "26/11/2026")."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, timedelta):
        return duration_text(value)
    if isinstance(value, Decimal | int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def csv_value(value) -> str:
    """Return ``value`` for a CSV file: ISO dates, amounts with a dot and two decimals, durations as H:MM."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return "{}:{:02d}".format(*_hours_minutes(value))
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return f"'{value}"  # a product named "=HYPERLINK(...)" stays text in a spreadsheet
    return str(value)


def short_label(value) -> str:
    """Return a chart's axis label: day and month for dates."""
    return formats.date_format(value, "d/m") if isinstance(value, date) else display(value)


def revenue_table(figures: dict) -> Table:
    headers = [_("Day"), _("Paid orders"), _("Revenue incl. VAT (€)"), _("VAT (€)"), _("Revenue excl. VAT (€)")]
    rows = [[day["day"], day["orders"], day["ttc"], day["vat"], day["ht"]] for day in figures["revenue"]]
    sales = figures["sales"]
    footer = [_("Total"), sales["orders"], sales["ttc"], sales["vat"], sales["ht"]]
    return Table("revenue", _("Revenue per day"), headers, rows, Chart("line", (2, 4)), footer)


def statuses_table(figures: dict) -> Table:
    labels = dict(Order.Status.choices)
    rows = [[str(labels[row["status"]]), row["count"]] for row in figures["statuses"]]
    headers = [_("Status"), _("Orders")]
    return Table("statuses", _("Orders placed, by current status"), headers, rows, Chart("bar", (1,)))


def funnel_table(figures: dict) -> Table:
    funnel = figures["funnel"]
    rows = [
        [_("Carts filled"), funnel["carts"], None],
        [_("Orders placed"), funnel["orders"], funnel["cart_to_order"]],
        [_("Orders paid"), funnel["paid"], funnel["order_to_paid"]],
    ]
    headers = [_("Step"), _("Count"), _("Rate from the previous step (%)")]
    return Table("funnel", _("Conversion"), headers, rows, Chart("bar", (1,)))


def _top_table(name: str, title: str, first: str, rows: list[dict], column: int, blank: str = "") -> Table:
    headers = [first, _("Quantity"), _("Revenue incl. VAT (€)")]
    values = [[row["name"] or blank, row["quantity"], row["revenue"]] for row in rows]
    return Table(name, title, headers, values, Chart("bar", (column,), horizontal=True))


def top_tables(figures: dict) -> list[Table]:
    products, categories, none = figures["top_products"], figures["top_categories"], _("No category")
    return [
        _top_table("products-revenue", _("Top products by revenue"), _("Product"), products["by_revenue"], 2),
        _top_table("products-quantity", _("Top products by quantity"), _("Product"), products["by_quantity"], 1),
        _top_table(
            "categories-revenue", _("Top categories by revenue"), _("Category"), categories["by_revenue"], 2, none
        ),
        _top_table(
            "categories-quantity", _("Top categories by quantity"), _("Category"), categories["by_quantity"], 1, none
        ),
    ]


def promos_table(figures: dict) -> Table:
    promos = figures["promos"]
    rows = [[code["code"], code["uses"], code["discount"]] for code in promos["codes"]]
    footer = [_("Total"), promos["uses"], promos["discount"]]
    headers = [_("Promo code"), _("Uses"), _("Discount given (€)")]
    return Table("promos", _("Promo code usage"), headers, rows, Chart("bar", (1,), horizontal=True), footer)


def customers_table(figures: dict) -> Table:
    rows = [[day["day"], day["count"]] for day in figures["customers"]]
    footer = [_("Total"), sum(day["count"] for day in figures["customers"])]
    headers = [_("Day"), _("New customers")]
    return Table("customers", _("New customers per day"), headers, rows, Chart("bar", (1,)), footer)


def ai_table(figures: dict) -> Table:
    keys = ("jobs", "succeeded", "failed", "failure_rate", "credits")
    rows = [[f"{row['provider']} / {row['model']}", *(row[key] for key in keys)] for row in figures["ai"]["models"]]
    headers = [_("Provider / model"), _("Jobs"), _("Jobs succeeded"), _("Jobs failed"), _("Failure rate (%)")]
    headers.append(_("Credits spent"))
    footer = [_("Total"), *(figures["ai"]["total"][key] for key in keys)]
    return Table("ai", _("AI studio usage"), headers, rows, Chart("bar", (2, 3)), footer)


def summary_table(figures: dict) -> Table:
    """Return the headline figures (the dashboard's cards), one per row."""
    sales, funnel, promos = figures["sales"], figures["funnel"], figures["promos"]
    refunds, ai, support = figures["refunds"], figures["ai"]["total"], figures["support"]
    rows = [
        [_("Revenue incl. VAT (€)"), sales["ttc"]],
        [_("Revenue excl. VAT (€)"), sales["ht"]],
        [_("Paid orders"), sales["orders"]],
        [_("Average basket incl. VAT (€)"), sales["average_basket"]],
        [_("Conversion, carts to paid orders (%)"), funnel["cart_to_paid"]],
        [_("New customers"), sum(day["count"] for day in figures["customers"])],
        [_("Promo code uses"), promos["uses"]],
        [_("Discount given (€)"), promos["discount"]],
        [_("Refunds"), refunds["count"]],
        [_("Amount refunded (€)"), refunds["amount"]],
        [_("AI jobs"), ai["jobs"]],
        [_("AI credits spent"), ai["credits"]],
        [_("AI failure rate (%)"), ai["failure_rate"]],
        [_("Open tickets"), support["open"]],
        [_("Overdue tickets"), support["overdue"]],
        [_("Median first response time"), support["median_first_response"]],
        [_("Satisfaction (out of 5)"), support["satisfaction"]],
    ]
    return Table("summary", _("Key figures"), [_("Figure"), _("Value")], rows)


BUILDERS: tuple[Callable[[dict], Table | list[Table]], ...] = (
    summary_table,
    revenue_table,
    statuses_table,
    funnel_table,
    top_tables,
    promos_table,
    customers_table,
    ai_table,
)


def dashboard_tables(figures: dict) -> list[Table]:
    """Return every table of the dashboard, in page order (the summary first)."""
    tables = []
    for build in BUILDERS:
        built = build(figures)
        tables.extend(built if isinstance(built, list) else [built])
    return tables
