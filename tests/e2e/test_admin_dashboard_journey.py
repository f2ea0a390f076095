"""A staff member signs in with their second factor, reads the dashboard's charts, and exports the orders as CSV.

The code comes from pyotp, fed with the TOTP device's secret. Chart.js is the
vendored static file; the charts must draw without a console error (the CSP
allows no inline script or style attribute).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from orders.models import Order
from tests.accounts.twofactor_support import authenticator, member_make, totp_device_make
from tests.factories import DEFAULT_PASSWORD
from tests.orders.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()


def _log_in_with_code(page, user, device) -> None:
    page.goto("/accounts/login/?next=/admin/")
    form = page.locator("main form[method='post']").first
    form.locator("input[name='login']").fill(user.email)
    form.locator("input[name='password']").fill(DEFAULT_PASSWORD)
    _submit(page, form)
    form = page.locator("main form[method='post']").first
    form.locator("input[name='code']").fill(authenticator(device).now())
    _submit(page, form)


def _charts_drawn(page) -> int:
    """Return how many dashboard canvases hold a Chart.js chart."""
    return page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".filter((canvas) => window.Chart && window.Chart.getChart(canvas)).length"
    )


@pytest.fixture
def paid_order():
    """An order paid yesterday: 84.00 € (14.00 € of VAT)."""
    order = OrderFactory(
        user=None,
        status=Order.Status.PAID,
        paid_at=timezone.now() - timedelta(days=1),
        subtotal=Decimal("84.00"),
        total=Decimal("84.00"),
        vat_total=Decimal("14.00"),
    )
    OrderLineFactory(order=order, product_name="Lampe Opale", quantity=2, unit_price=Decimal("42.00"))
    return order


def _console_errors(page) -> list[str]:
    """Collect the console errors of ``page`` with the address they concern (the live list)."""
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"{message.location.get('url', '')}: {message.text}")

    page.on("console", on_console)
    return errors


def test_staff_reads_the_dashboard_charts_and_exports_the_orders(browser_page, paid_order, tmp_path):
    staff = member_make(is_staff=True, is_superuser=True, display_name="Alex Admin")
    page = browser_page
    console_errors = _console_errors(page)
    _log_in_with_code(page, staff, totp_device_make(staff))

    assert page.url.endswith("/admin/")
    expect(page.locator(".wbx-card__value").first).to_have_text("84,00")
    # Revenue, statuses, funnel, the four tops and new customers have data (no promo use, no AI job).
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == 8
    expect(canvases.first).to_be_visible()
    assert _charts_drawn(page) == 8
    assert page.locator("details.wbx-chart__data table").count() == 8

    page.select_option("#id_period", "7")
    _submit(page, page.locator("form.wbx-dashboard__picker"))
    assert "period=7" in page.url
    assert _charts_drawn(page) == 8

    with page.expect_download() as download_info:
        page.locator("#wbx-figure-revenue a[download]").click()
    revenue = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "84.00;14.00;70.00" in revenue
    # Chromium reports a download as an aborted navigation: that one is expected.
    assert console_errors == []
    assert [message for message in page.problems.messages if "net::ERR_ABORTED" not in message] == []

    page.goto("/admin/orders/order/")
    with page.expect_download() as download_info:
        page.locator(".object-tools a", has_text="CSV").first.click()
    orders = tmp_path / "orders.csv"
    download_info.value.save_as(orders)
    assert paid_order.number in orders.read_text(encoding="utf-8-sig")
    assert console_errors == []  # every admin page links the site's icon: no /favicon.ico 404 either
