"""Every model of the back office: its changelist and change page open, and the list reads no row one by one.

The query count of each changelist is measured with 2 rows and again with
100: the two must be equal (a relation read once per row would add 98
queries), and small in absolute terms.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.webox.admin_rows import ROW_BUILDERS

pytestmark = pytest.mark.django_db

MAX_CHANGELIST_QUERIES = 15
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def test_every_registered_model_has_a_row_builder():
    """A model added to the admin needs a builder here, so that its changelist is checked too."""
    missing = [model._meta.label for model in MODELS if model._meta.label not in ROW_BUILDERS]
    assert missing == []


def _changelist_queries(client, url: str) -> tuple[int, object]:
    """Return the queries of one GET of ``url`` and the response.

    The session's own read is left out: with cached sessions (Redis) it hits
    the cache or the database depending on the cache, not on the rows listed.
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response
    return len([query for query in queries if '"django_session"' not in query["sql"]]), response


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_changelist_query_count_does_not_grow_with_rows(admin_client_verified, model):
    """The changelist answers in the same few queries for 2 rows as for 100 (no N+1)."""
    build = ROW_BUILDERS.get(model._meta.label)
    if build is None:
        pytest.fail(f"add a row builder for {model._meta.label} in tests/webox/admin_rows.py")
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    build(2)
    admin_client_verified.get(url)  # warm the per-process caches (content types, site) before counting
    with_two, _response = _changelist_queries(admin_client_verified, url)
    build(98)
    with_hundred, response = _changelist_queries(admin_client_verified, url)
    assert response.context["cl"].result_count >= 100
    assert with_hundred == with_two, f"{with_two} queries with 2 rows, {with_hundred} with 100"
    assert with_hundred <= MAX_CHANGELIST_QUERIES


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_change_page_of_one_row_opens(admin_client_verified, model):
    build = ROW_BUILDERS.get(model._meta.label)
    if build is None:
        pytest.fail(f"add a row builder for {model._meta.label} in tests/webox/admin_rows.py")
    obj = build(1)[0]
    opts = model._meta
    response = admin_client_verified.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
