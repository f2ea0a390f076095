"""The back office of promo codes (usage statistics, bulk generation, CSV) and the read-only carts."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from accounts.groups import GROUP_PERMISSIONS, STAFF
from shop.models import PromoCode
from tests.shop.cart_factories import (
    AnonymousCartFactory,
    CartFactory,
    CartLineFactory,
    PromoCodeFactory,
    PromoRedemptionFactory,
)

pytestmark = pytest.mark.django_db

CODES = "/admin/shop/promocode/"


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_code_list_shows_uses_and_discount_given(admin_client_verified, django_assert_max_num_queries):
    used = PromoCodeFactory(code="USED", usage_limit=10, times_used=2)
    PromoRedemptionFactory(promo_code=used, amount=Decimal("3.50"))
    PromoRedemptionFactory(promo_code=used, amount=Decimal("1.25"))
    PromoCodeFactory.create_batch(5)
    with django_assert_max_num_queries(15):
        response = admin_client_verified.get(CODES)
    rows = {promo.code: promo for promo in response.context["cl"].result_list}
    assert (rows["USED"].use_count, rows["USED"].discount_total) == (2, Decimal("4.75"))
    html = response.content.decode()
    assert "2 / 10" in html and "4,75" in html
    assert "/admin/shop/promocode/generate/" in html


def test_the_code_page_lists_its_uses_read_only(admin_client_verified):
    promo = PromoCodeFactory(code="SEEN")
    PromoRedemptionFactory(promo_code=promo, order_number="WBX-2026-000042", amount=Decimal("2.00"))
    html = admin_client_verified.get(f"{CODES}{promo.pk}/change/").content.decode()
    assert "WBX-2026-000042" in html
    assert 'name="redemptions-0-order_number"' not in html  # shown, not editable


def test_bulk_generation_then_csv_download(admin_client_verified):
    form = admin_client_verified.get(f"{CODES}generate/")
    assert form.status_code == 200 and 'name="count"' in form.content.decode()
    data = {
        "count": "25",
        "prefix": "ete-",
        "batch": "Été 2026",
        "kind": "percentage",
        "value": "15",
        "min_order_total": "30",
        "valid_until": "2026-09-01T00:00",
    }
    done = admin_client_verified.post(f"{CODES}generate/", data)
    assert done.status_code == 200
    assert done.context["count"] == 25
    batch = PromoCode.objects.filter(batch="Été 2026")
    assert batch.count() == 25 and set(batch.values_list("usage_limit", "value")) == {(1, Decimal("15.00"))}
    download = admin_client_verified.get(done.context["csv_url"])
    assert download["Content-Disposition"].startswith('attachment; filename="promo-codes-')
    rows = csv_rows(download)
    assert rows[0][:3] == ["code", "kind", "value"]
    assert {row[0] for row in rows[1:]} == set(batch.values_list("code", flat=True))


def test_bulk_generation_form_refuses_bad_rules(admin_client_verified):
    data = {"count": "5", "batch": "x", "kind": "percentage", "value": "150", "min_order_total": "0"}
    response = admin_client_verified.post(f"{CODES}generate/", data)
    assert response.status_code == 200 and response.context["form"].errors["value"]
    assert not PromoCode.objects.exists()


def test_selected_codes_download_as_csv(admin_client_verified):
    chosen = PromoCodeFactory(code="CHOSEN")
    PromoCodeFactory(code="OTHER")
    response = admin_client_verified.post(
        CODES, {"action": "export_codes", ACTION_CHECKBOX_NAME: [chosen.pk], "index": 0}
    )
    assert [row[0] for row in csv_rows(response)[1:]] == ["CHOSEN"]


def test_carts_are_read_only_with_their_lines(admin_client_verified):
    cart = CartFactory()
    CartLineFactory(cart=cart, quantity=3)
    AnonymousCartFactory()
    listing = admin_client_verified.get("/admin/shop/cart/")
    assert listing.status_code == 200
    assert {row.items for row in listing.context["cl"].result_list} == {3, 0}
    page = admin_client_verified.get(f"/admin/shop/cart/{cart.pk}/change/").content.decode()
    assert cart.user.email in page and 'name="lines-0-quantity"' not in page
    assert admin_client_verified.get("/admin/shop/cart/add/").status_code == 403
    assert admin_client_verified.get("/admin/shop/promoredemption/add/").status_code == 403


def test_staff_may_manage_codes_and_see_carts():
    staff = set(GROUP_PERMISSIONS[STAFF])
    assert {"shop.add_promocode", "shop.change_promocode", "shop.view_promoredemption", "shop.view_cart"} <= staff


def _code_page_data(promo: PromoCode, **changes) -> dict:
    data = {
        "code": promo.code, "description": "", "kind": promo.kind, "value": str(promo.value), "is_active": "on",
        "batch": "", "min_order_total": "0", "valid_from_0": "", "valid_from_1": "", "valid_until_0": "",
        "valid_until_1": "", "usage_limit": "", "per_customer_limit": "",
        "redemptions-TOTAL_FORMS": "0", "redemptions-INITIAL_FORMS": "0", "redemptions-MIN_NUM_FORMS": "0",
        "redemptions-MAX_NUM_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def test_the_usage_limit_cannot_go_below_the_uses_already_made(admin_client_verified):
    promo = PromoCodeFactory(usage_limit=10)
    PromoCode.objects.filter(pk=promo.pk).update(times_used=5)  # five checkouts used it
    url = f"/admin/shop/promocode/{promo.pk}/change/"

    refused = admin_client_verified.post(url, _code_page_data(promo, usage_limit="4"))

    assert refused.status_code == 200
    assert "Ce code a déjà servi 5 fois : la limite ne peut pas être plus basse." in refused.content.decode()
    assert PromoCode.objects.get(pk=promo.pk).usage_limit == 10
    assert admin_client_verified.post(url, _code_page_data(promo, usage_limit="5")).status_code == 302
    assert PromoCode.objects.values_list("usage_limit", "times_used").get(pk=promo.pk) == (5, 5)
