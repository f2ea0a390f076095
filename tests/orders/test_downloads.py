"""Digital goods: signed links for the buyer only, a few downloads within a few days, served as attachments."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from orders.errors import OrderErrorCode
from orders.models import DownloadGrant
from orders.services.downloads import (
    DOWNLOAD_SALT,
    Gone,
    download_links,
    download_open,
    download_token,
    downloads_grant,
)
from tests.concurrency import needs_postgresql, run_concurrently
from tests.factories import UserFactory
from tests.orders.documents_support import DEFAULT_ITEMS, Item, digital_item, digital_product_make, order_make
from webox.common.errors import NotFound

FILE = b"%PDF-1.4 le guide complet"


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def grant(buyer):
    order = order_make(user=buyer, items=[digital_item(digital_product_make(content=FILE))])
    return downloads_grant(order=order)[0]


def url_of(grant: DownloadGrant) -> str:
    return reverse("orders:download", kwargs={"token": download_token(grant)})


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


# -- grants ----------------------------------------------------------------------


@pytest.mark.django_db
def test_each_digital_line_with_a_file_gets_one_grant(settings):
    settings.ORDERS_DOWNLOAD_DAYS, settings.ORDERS_DOWNLOAD_LIMIT = 7, 5
    with_file, without_file = digital_product_make(), digital_product_make(name="Sans fichier")
    without_file.digital_file = ""
    without_file.save()
    items = [*DEFAULT_ITEMS, digital_item(with_file), digital_item(without_file)]
    order = order_make(items=items)
    before = timezone.now()
    grants = downloads_grant(order=order)
    assert [grant.line.product_id for grant in grants] == [with_file.pk]
    assert (grants[0].max_downloads, grants[0].download_count) == (5, 0)
    assert before + timedelta(days=7) <= grants[0].expires_at <= timezone.now() + timedelta(days=7)


@pytest.mark.django_db
def test_granting_again_changes_nothing(grant):
    order = grant.line.order
    assert [g.pk for g in downloads_grant(order=order)] == [grant.pk]
    assert DownloadGrant.objects.count() == 1


@pytest.mark.django_db
def test_download_links_give_url_uses_left_and_expiry(grant):
    DownloadGrant.objects.filter(pk=grant.pk).update(download_count=2)
    with translation.override("fr"):
        [link] = download_links(grant.line.order)
    assert link.url == f"/orders/downloads/{download_token(grant)}/"
    assert (link.remaining, link.expired, link.line) == (3, False, grant.line)
    with time_machine.travel(grant.expires_at + timedelta(seconds=1)):
        assert download_links(grant.line.order)[0].expired is True


def forgeries(grant: DownloadGrant) -> list[str]:
    """Return tokens a visitor could make up: another grant's id with this signature, another salt, a typo."""
    token = download_token(grant)
    payload, signature = token.rsplit(":", 1)
    other_payload = signing.Signer(salt=DOWNLOAD_SALT).sign_object(grant.pk + 1).rsplit(":", 1)[0]
    typo = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return [f"{other_payload}:{signature}", signing.Signer(salt="other").sign_object(grant.pk), f"{payload}:{typo}"]


@pytest.mark.django_db
def test_the_token_names_the_grant_and_cannot_be_forged(grant, buyer):
    assert download_token(grant) == download_token(grant)
    for bad in [*forgeries(grant), "nothing"]:
        with pytest.raises(NotFound) as caught:
            download_open(token=bad, user=buyer)
        assert caught.value.code == OrderErrorCode.DOWNLOAD_INVALID


# -- the download page -------------------------------------------------------------


@pytest.mark.django_db
def test_the_buyer_downloads_the_file_as_an_attachment(client, grant, buyer):
    client.force_login(buyer)
    response = client.get(url_of(grant))
    assert response.status_code == 200
    assert body_of(response) == FILE
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="guide.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    grant.refresh_from_db()
    assert grant.download_count == 1 and grant.last_downloaded_at is not None


@pytest.mark.django_db
def test_the_english_site_serves_the_same_link(client, grant, buyer):
    client.force_login(buyer)
    response = client.get(f"/en/orders/downloads/{download_token(grant)}/")
    assert response.status_code == 200 and body_of(response) == FILE


@pytest.mark.django_db
def test_another_customer_or_a_visitor_gets_not_found(client, grant):
    assert client.get(url_of(grant)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url_of(grant)).status_code == 404
    grant.refresh_from_db()
    assert grant.download_count == 0


@pytest.mark.django_db
def test_a_guest_order_downloads_with_the_link_alone(client):
    order = order_make(items=[digital_item(digital_product_make(content=FILE))])
    [grant] = downloads_grant(order=order)
    response = client.get(url_of(grant))
    assert response.status_code == 200 and body_of(response) == FILE


@pytest.mark.django_db
def test_a_tampered_link_is_not_found(client, grant, buyer):
    client.force_login(buyer)
    for bad in forgeries(grant):
        assert client.get(reverse("orders:download", kwargs={"token": bad})).status_code == 404


@pytest.mark.django_db
def test_five_downloads_then_gone(client, grant, buyer, settings):
    client.force_login(buyer)
    for _ in range(5):
        assert client.get(url_of(grant)).status_code == 200
    response = client.get(url_of(grant))
    assert response.status_code == 410
    assert "5" in response.content.decode()
    assert response.context["message"]
    grant.refresh_from_db()
    assert grant.download_count == 5
    with pytest.raises(Gone) as caught:
        download_open(token=download_token(grant), user=buyer)
    assert caught.value.code == OrderErrorCode.DOWNLOAD_LIMIT_REACHED


@pytest.mark.django_db
def test_an_expired_link_is_gone(client, grant, buyer):
    client.force_login(buyer)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(url_of(grant))
        with pytest.raises(Gone) as caught:
            download_open(token=download_token(grant), user=buyer)
    assert response.status_code == 410
    assert caught.value.code == OrderErrorCode.DOWNLOAD_EXPIRED
    grant.refresh_from_db()
    assert grant.download_count == 0


@pytest.mark.django_db
def test_a_file_removed_from_the_catalogue_is_not_found(client, grant, buyer):
    grant.line.product.digital_file.delete(save=True)
    client.force_login(buyer)
    assert client.get(url_of(grant)).status_code == 404


@pytest.mark.django_db
def test_only_get_is_allowed(client, grant, buyer):
    client.force_login(buyer)
    assert client.post(url_of(grant)).status_code == 405


# -- simultaneous clicks (PostgreSQL) -----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_never_go_past_the_limit(buyer):
    needs_postgresql()
    order = order_make(user=buyer, items=[digital_item(digital_product_make(content=FILE))])
    [grant] = downloads_grant(order=order)
    token, clicks = download_token(grant), 12

    def click(_index: int) -> str:
        _grant, file = download_open(token=token, user=buyer)
        file.close()
        return "served"

    results = run_concurrently(click, clicks)
    served = [result for result in results if result == "served"]
    refused = [result for result in results if isinstance(result, Gone)]
    errors = [result for result in results if isinstance(result, Exception) and not isinstance(result, Gone)]
    assert errors == []
    assert (len(served), len(refused)) == (5, clicks - 5)
    grant.refresh_from_db()
    assert grant.download_count == 5


@pytest.mark.django_db
def test_physical_orders_have_no_downloads():
    order = order_make(items=[Item("Mug", kind="physical")])
    assert downloads_grant(order=order) == []
    assert download_links(order) == []
