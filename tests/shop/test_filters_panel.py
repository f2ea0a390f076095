"""On listing pages the filter form folds away unless a filter is in use."""

import pytest

from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_filters_panel_is_folded_without_filters(client):
    ProductFactory()
    page = client.get("/shop/").content.decode()
    assert '<details class="filters-panel" data-open-wide>' in page


def test_filters_panel_is_open_when_a_filter_is_used(client):
    ProductFactory()
    page = client.get("/shop/?min_price=5").content.decode()
    assert '<details class="filters-panel" data-open-wide open>' in page
