"""CSV export of a filtered changelist (webox/admin_csv.py): customers and payments, cell by cell."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.groups import BLOGGERS, SUPPORT, groups_sync_permissions
from payments.models import Payment
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from webox.admin_csv import csv_cell

pytestmark = pytest.mark.django_db

JOINED = datetime(2026, 3, 14, 8, 30, tzinfo=UTC)  # 09:30 in Paris


def read_csv(response) -> list[list[str]]:
    """Return the rows of a streamed CSV download, checking the BOM and the separator on the way."""
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def customer_make(email: str, *, verified: bool, twofactor: bool = False, **fields):
    user = UserFactory(email=email, date_joined=JOINED, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    if twofactor:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def test_customers_export_follows_the_filters_cell_by_cell(admin_client_verified, english):
    lea = customer_make("lea@example.com", verified=True, twofactor=True, display_name="Léa Martin", phone="0612")
    OrderFactory.create_batch(2, user=lea)
    customer_make("unverified@example.com", verified=False, display_name="Non vérifié")
    customer_make("hacker@example.com", verified=True, display_name='=HYPERLINK("http://x")', phone="+33 6")
    url = reverse("admin:accounts_user_csv") + "?is_staff__exact=0&email_verified=yes&o=2"
    response = admin_client_verified.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="user-')
    header, *rows = read_csv(response)
    assert header == [
        "ID", "Email address", "Display name", "Preferred language", "Phone", "Active", "Staff status",
        "email verified", "two-factor authentication", "orders", "Date joined", "Last login",
    ]  # fmt: skip
    hacker = next(row for row in rows if row[1] == "hacker@example.com")
    assert [row[1] for row in rows] == ["hacker@example.com", "lea@example.com"]  # ordered by email (o=2)
    assert rows[1] == [
        str(lea.pk), "lea@example.com", "Léa Martin", "French", "0612", "yes", "no", "yes", "yes", "2",
        "2026-03-14 09:30:00", "",
    ]  # fmt: skip
    assert hacker[2] == '\'=HYPERLINK("http://x")' and hacker[4] == "'+33 6"
    assert hacker[7:10] == ["yes", "no", "0"]


def test_payments_export_lists_the_filtered_payments(admin_client_verified, english):
    order = OrderFactory(number="WBX-2026-00042", email="paul@example.com")
    captured = Payment.objects.create(
        order=order, gateway="stripe", amount=Decimal("54.90"), status=Payment.Status.CAPTURED,
        idempotency_key="k-1", external_reference="pi_123",
    )  # fmt: skip
    Payment.objects.create(order=OrderFactory(), gateway="paypal", amount=Decimal("10.00"), idempotency_key="k-2")
    response = admin_client_verified.get(reverse("admin:payments_payment_csv") + "?status__exact=captured")
    header, *rows = read_csv(response)
    assert header[:8] == ["ID", "order", "Email", "Gateway", "Amount", "Currency", "Status", "Needs review"]
    assert len(rows) == 1
    assert rows[0][:10] == [
        str(captured.pk), "WBX-2026-00042", "paul@example.com", "stripe", "54.90", "EUR", "Captured", "no", "",
        "pi_123",
    ]  # fmt: skip


def test_export_action_exports_only_the_selected_rows(admin_client_verified):
    chosen, other = UserFactory(email="chosen@example.com"), UserFactory(email="other@example.com")
    response = admin_client_verified.post(
        reverse("admin:accounts_user_changelist"), {"action": "export_csv", "_selected_action": [chosen.pk]}
    )
    emails = [row[1] for row in read_csv(response)[1:]]
    assert emails == ["chosen@example.com"] and other.email not in emails


def test_changelist_links_to_the_export_with_its_filters(admin_client_verified):
    html = admin_client_verified.get("/admin/payments/payment/", {"gateway__exact": "stripe"}).content.decode()
    assert "/admin/payments/payment/csv/?gateway__exact=stripe" in html


def test_export_reads_a_long_list_in_a_constant_number_of_queries(admin_client_verified, django_assert_max_num_queries):
    for index in range(60):
        OrderFactory(user=customer_make(f"c{index}@example.com", verified=index % 2 == 0))
    with django_assert_max_num_queries(8):
        rows = read_csv(admin_client_verified.get(reverse("admin:accounts_user_csv")))
    assert len(rows) == 1 + 60 + 1  # the header, the customers, the signed-in superuser


@pytest.mark.parametrize(
    ("group_name", "url_name"), [(SUPPORT, "payments_payment_csv"), (BLOGGERS, "accounts_user_csv")]
)
def test_export_needs_the_view_permission(client, group_name, url_name):
    groups_sync_permissions()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=group_name))
    login_verified(client, member, totp_device_make(member))
    assert client.get(reverse(f"admin:{url_name}")).status_code == 403


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\tdata", "'\tdata"),
        (Decimal("-5.00"), "-5.00"),
        (-3, "-3"),
        (None, ""),
        ({"b": 1, "a": "é"}, '{"a": "é", "b": 1}'),
        ("Léa", "Léa"),
    ],
)
def test_cells_are_safe_for_spreadsheets(value, cell):
    """Text that a spreadsheet would run as a formula starts with a quote; numbers stay numbers."""
    assert csv_cell(value) == cell


def test_orders_export_keeps_its_columns_and_quotes_formulas(admin_client_verified):
    """The orders' own export (with its totals line) goes through the same formula-safe writer."""
    from tests.orders.factories import ADDRESS

    OrderFactory(number="WBX-2026-00077", billing_address={**ADDRESS, "full_name": "@SUM(1+1)*cmd"})
    rows = read_csv(admin_client_verified.get(reverse("admin:orders_order_export")))
    row = next(row for row in rows if row[0] == "WBX-2026-00077")
    assert row[4] == "'@SUM(1+1)*cmd" and row[-6:] == ["19.90", "0.00", "0.00", "3.32", "19.90", "0.00"]
