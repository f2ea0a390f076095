"""The dashboard on the admin index: period picker, cards, charts' data, CSV files, and who may see them."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group

from accounts.groups import BLOGGERS, STAFF, SUPPORT
from orders.models import Order
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.webox.test_dashboard import NOW, week_make
from webox.dashboard.forms import PeriodForm

pytestmark = pytest.mark.django_db

WEEK_QUERY = "period=custom&start=2026-11-01&end=2026-11-07"


@pytest.fixture
def shop_week(settings):
    """The hand-built week of tests/webox/test_dashboard.py, figures never cached."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    return week_make()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_admin_index_shows_the_week_in_cards_charts_and_data_tables(admin_client_verified, shop_week, clock):
    response = admin_client_verified.get(f"/admin/?{WEEK_QUERY}")
    assert response.status_code == 200
    page = response.content.decode()
    # Revenue TTC and HT, paid orders, average basket, conversion, new customers, promo uses and discount,
    # refunds and amount, AI jobs, credits and failure rate, open and overdue tickets, first response, satisfaction.
    assert [value for _label, value in response.context["summary"].display_rows] == [
        "205,50", "171,25", "4", "51,38", "50,0", "3", "3", "18,35", "2", "42,34",
        "8", "25", "50,0", "4", "2", "1 h 08 min", "4,50",
    ]  # fmt: skip
    assert '<strong class="wbx-card__value">205,50</strong>' in page
    assert page.count("<canvas data-chart=") == 10
    assert 'id="wbx-dashboard-charts" type="application/json"' in page
    assert "<script>" not in page  # no inline script: the CSP forbids it
    assert "/admin/dashboard/revenue.csv?period=custom&amp;start=2026-11-01&amp;end=2026-11-07" in page
    assert 'class="app-orders module' in page  # the list of apps is still there


def test_the_chart_data_matches_the_data_tables(admin_client_verified, shop_week, clock):
    response = admin_client_verified.get(f"/admin/?{WEEK_QUERY}")
    revenue = response.context["charts"]["revenue"]
    assert revenue["kind"] == "line"
    assert revenue["labels"] == ["01/11", "02/11", "03/11", "04/11", "05/11", "06/11", "07/11"]
    assert [dataset["data"] for dataset in revenue["datasets"]] == [
        [0.0, 120.0, 0.0, 45.5, 30.0, 0.0, 10.0],
        [0.0, 100.0, 0.0, 37.92, 25.0, 0.0, 8.33],
    ]
    assert response.context["charts"]["products-revenue"]["horizontal"] is True
    page = response.content.decode()
    script = page.split('id="wbx-dashboard-charts" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(script)["funnel"]["datasets"][0]["data"] == [10.0, 7.0, 5.0]


def test_without_a_period_the_dashboard_shows_the_last_30_days(admin_client_verified, clock):
    response = admin_client_verified.get("/admin/")
    period = response.context["period"]
    assert (period.start, period.end) == (date(2026, 10, 10), date(2026, 11, 8))
    assert response.context["period_form"]["period"].value() == "30"


def test_a_preset_period_ends_today_in_paris(admin_client_verified):
    with time_machine.travel("2026-11-08T23:30:00+00:00", tick=False):  # already 9 Nov. in Paris
        period = admin_client_verified.get("/admin/?period=7").context["period"]
    assert (period.start, period.end) == (date(2026, 11, 3), date(2026, 11, 9))


@pytest.mark.parametrize(
    "query",
    [
        "period=12",
        "period=custom&start=2026-11-07&end=2026-11-01",
        "period=custom&start=2026-11-01",
        "period=custom&start=2025-01-01&end=2026-11-01",
        "period=custom&start=hier&end=2026-11-01",
        # Dates a datetime cannot go past: the day after the end, or midnight in UTC, would not exist.
        "period=custom&start=9999-12-25&end=9999-12-31",
        "period=custom&start=0001-01-01&end=0001-01-05",
    ],
)
def test_an_invalid_period_is_reported_and_the_last_30_days_shown(admin_client_verified, clock, query):
    response = admin_client_verified.get(f"/admin/?{query}")
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.start, period.end) == (date(2026, 10, 10), date(2026, 11, 8))
    assert [message.level_tag for message in response.context["messages"]] == ["error"]


def test_the_period_form_accepts_a_custom_year_at_most(db):
    year = PeriodForm({"period": "custom", "start": "2025-11-08", "end": "2026-11-08"})
    longer = PeriodForm({"period": "custom", "start": "2025-11-07", "end": "2026-11-08"})
    assert year.is_valid()
    assert year.get_period().days[0] == date(2025, 11, 8)
    assert not longer.is_valid()
    assert longer.errors.as_data()["__all__"][0].code == "too_long"


def test_the_revenue_csv_has_one_row_per_day_and_the_totals(admin_client_verified, shop_week, clock, english):
    response = admin_client_verified.get(f"/admin/dashboard/revenue.csv?{WEEK_QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-revenue-2026-11-01-2026-11-07.csv"'
    assert _csv(response) == [
        ["Day", "Paid orders", "Revenue incl. VAT (€)", "VAT (€)", "Revenue excl. VAT (€)"],
        ["2026-11-01", "0", "0.00", "0.00", "0.00"],
        ["2026-11-02", "1", "120.00", "20.00", "100.00"],
        ["2026-11-03", "0", "0.00", "0.00", "0.00"],
        ["2026-11-04", "1", "45.50", "7.58", "37.92"],
        ["2026-11-05", "1", "30.00", "5.00", "25.00"],
        ["2026-11-06", "0", "0.00", "0.00", "0.00"],
        ["2026-11-07", "1", "10.00", "1.67", "8.33"],
        ["Total", "4", "205.50", "34.25", "171.25"],
    ]


def test_the_csv_files_of_ai_usage_and_key_figures(admin_client_verified, shop_week, clock, english):
    ai = _csv(admin_client_verified.get(f"/admin/dashboard/ai.csv?{WEEK_QUERY}"))
    assert ai == [
        ["Provider / model", "Jobs", "Jobs succeeded", "Jobs failed", "Failure rate (%)", "Credits spent"],
        ["openai / gpt-4.1-mini", "4", "2", "1", "33.3", "20"],
        ["anthropic / claude-sonnet-5", "2", "0", "2", "100.0", "0"],
        ["demo / demo-image", "2", "1", "0", "0.0", "5"],
        ["Total", "8", "3", "3", "50.0", "25"],
    ]
    summary = dict(_csv(admin_client_verified.get(f"/admin/dashboard/summary.csv?{WEEK_QUERY}"))[1:])
    assert summary["Average basket incl. VAT (€)"] == "51.38"
    assert summary["Conversion, carts to paid orders (%)"] == "50.0"
    assert summary["Median first response time"] == "1:08"
    assert summary["Open tickets"] == "4"
    categories = _csv(admin_client_verified.get(f"/admin/dashboard/categories-revenue.csv?{WEEK_QUERY}"))
    assert categories[1:] == [
        ["Luminaires", "3", "145.50"],
        ["No category", "3", "30.00"],
        ["Livres", "2", "30.00"],
    ]


def test_a_csv_of_an_unknown_figure_is_404_and_of_an_invalid_period_400(admin_client_verified):
    assert admin_client_verified.get("/admin/dashboard/nothing.csv").status_code == 404
    assert admin_client_verified.get("/admin/dashboard/revenue.csv?period=custom").status_code == 400


@pytest.mark.parametrize("url", ["/admin/", f"/admin/dashboard/revenue.csv?{WEEK_QUERY}"])
def test_customers_and_staff_without_their_second_factor_never_see_the_figures(client, url):
    customer = UserFactory()
    staff = UserFactory(is_staff=True, is_superuser=True)
    totp_device_make(staff)
    for person in (None, customer, staff):
        if person is not None:
            client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302, person
        assert response["Location"].startswith(("/admin/login/", "/accounts/2fa/verify/")), person


def _member_of(client, group: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    login_verified(client, user, totp_device_make(user))
    return user


def test_the_staff_group_sees_the_dashboard_and_downloads_its_csv(client):
    _member_of(client, STAFF)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wbx-dashboard" in response.content.decode()
    assert client.get("/admin/dashboard/funnel.csv").status_code == 200


@pytest.mark.parametrize("group", [SUPPORT, BLOGGERS])
def test_support_and_bloggers_keep_their_app_list_without_the_business_figures(client, group):
    _member_of(client, group)
    response = client.get("/admin/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "wbx-dashboard" not in page and "chart.umd.min.js" not in page
    assert 'class="app-' in page  # their own sections
    assert client.get("/admin/dashboard/revenue.csv").status_code == 403


def test_the_dashboard_page_runs_a_bounded_number_of_queries(
    admin_client_verified, shop_week, clock, django_assert_max_num_queries
):
    """About one aggregate query per figure, whatever the number of rows; none at all once cached."""
    with django_assert_max_num_queries(20):
        response = admin_client_verified.get(f"/admin/?{WEEK_QUERY}")
    assert response.status_code == 200


def test_a_cached_dashboard_reads_no_figure_from_the_database(
    admin_client_verified, shop_week, clock, settings, django_assert_max_num_queries
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    admin_client_verified.get(f"/admin/?{WEEK_QUERY}")
    with django_assert_max_num_queries(4):  # the request's own reads, and the open alerts' count (live)
        response = admin_client_verified.get(f"/admin/?{WEEK_QUERY}")
    assert response.context["summary"].rows[2][1] == 4  # paid orders


def test_a_csv_cell_that_looks_like_a_formula_stays_text(admin_client_verified, clock, settings):
    """A product named like a spreadsheet formula is exported with a leading quote, never run."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    order = OrderFactory(status=Order.Status.PAID, paid_at=NOW, total=Decimal("19.90"))
    OrderLineFactory(order=order, product_name='=HYPERLINK("http://example.com")', unit_price=Decimal("19.90"))
    rows = _csv(admin_client_verified.get("/admin/dashboard/products-revenue.csv?period=7"))
    assert rows[1] == ['\'=HYPERLINK("http://example.com")', "1", "19.90"]
