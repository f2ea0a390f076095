"""GET/POST /api/v1/products/{slug}/reviews/."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from shop.models import Review
from shop.services import review_create, review_hide
from tests.shop.factories import ProductFactory
from tests.shop.review_support import buyer_make, customer_make, purchases_recorded

pytestmark = pytest.mark.django_db

REVIEW = {"rating": 5, "title": "Parfait", "body": "Exactement ce que je cherchais."}


@pytest.fixture(autouse=True)
def _purchases(settings):
    with purchases_recorded(settings) as purchases:
        yield purchases


def _url(product) -> str:
    return f"/api/v1/products/{product.slug}/reviews/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _published(product, rating=4, **user_fields):
    user = buyer_make(product, **user_fields)
    return review_create(product=product, user=user, rating=rating, title="Bien", body="Rien à redire, merci.")


def test_anyone_lists_the_visible_reviews_paginated():
    product = ProductFactory()
    shown = _published(product, rating=5, display_name="Léa")
    review_hide(review=_published(product, rating=1))
    response = _api().get(_url(product))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    assert body["results"][0] == {
        "id": shown.pk,
        "rating": 5,
        "title": "Bien",
        "body": "Rien à redire, merci.",
        "author": "Léa",
        "is_verified_purchase": True,
        "created_at": body["results"][0]["created_at"],
    }


def test_list_pages_through_many_reviews():
    product = ProductFactory()
    for _ in range(3):
        _published(product)
    body = _api().get(_url(product), {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_unknown_or_retired_product_is_a_404():
    assert _api().get("/api/v1/products/nope/reviews/").status_code == 404
    retired = ProductFactory(is_active=False)
    assert _api().get(_url(retired)).json()["code"] == "not_found"


def test_posting_requires_authentication():
    response = _api().post(_url(ProductFactory()), REVIEW)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_posting_requires_a_verified_email():
    product = ProductFactory()
    response = _api(buyer_make(product, verified=False)).post(_url(product), REVIEW)
    assert response.status_code == 403
    assert response.json()["code"] == "email_not_verified"


def test_a_customer_who_did_not_buy_gets_403_not_a_buyer():
    product = ProductFactory()
    response = _api(customer_make()).post(_url(product), REVIEW)
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"
    assert not Review.objects.exists()


def test_a_buyer_posts_once_then_gets_409_already_reviewed():
    product = ProductFactory()
    api = _api(buyer_make(product))
    created = api.post(_url(product), REVIEW)
    assert created.status_code == 201
    assert created.json()["rating"] == 5 and created.json()["is_verified_purchase"] is True
    product.refresh_from_db()
    assert (product.rating_avg, product.rating_count) == (Decimal("5.00"), 1)
    again = api.post(_url(product), {**REVIEW, "rating": 1})
    assert again.status_code == 409
    assert again.json()["code"] == "already_reviewed"


def test_invalid_fields_are_400_with_field_errors():
    product = ProductFactory()
    response = _api(buyer_make(product)).post(_url(product), {"rating": 7, "title": "", "body": "x" * 5001})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"rating", "title", "body"} <= set(body["fields"])


def test_text_too_short_once_cleaned_is_a_400_on_body():
    product = ProductFactory()
    response = _api(buyer_make(product)).post(_url(product), {**REVIEW, "body": "<b></b><i>ok</i>"})
    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_markup_in_a_review_is_stored_and_returned_as_plain_text():
    product = ProductFactory()
    body = "<script>document.location='https://evil.example'</script><b>Très</b> bien emballé."
    response = _api(buyer_make(product)).post(_url(product), {**REVIEW, "title": "<i>Top</i>", "body": body})
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["body"]) == ("Top", "Très bien emballé.")
    listed = _api().get(_url(product)).json()["results"][0]
    assert "<" not in listed["body"] and "<" not in listed["title"]


def test_posting_is_rate_limited_by_the_moderate_tier(time_machine):
    time_machine.move_to(datetime(2026, 11, 26, 12, 0, 5, tzinfo=UTC), tick=False)  # one counting window
    product = ProductFactory()
    api = _api(customer_make())
    statuses = [api.post(_url(product), REVIEW).status_code for _ in range(31)]
    assert statuses[:30] == [403] * 30
    assert statuses[30] == 429
