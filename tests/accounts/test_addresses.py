"""The address book: several addresses, one default for shipping and one for billing, owner only."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Address
from accounts.services import AddressDefault, address_create, address_delete, address_set_default

from .profile_support import AddressFactory, verified_user_make

pytestmark = pytest.mark.django_db

FORM = {
    "label": "Maison",
    "full_name": "Léa Martin",
    "line1": "12 rue des Lilas",
    "postal_code": "69003",
    "city": "Lyon",
    "country": "fr",
    "phone": "+33 4 72 00 00 00",
}


@pytest.fixture
def member(client):
    user = verified_user_make()
    client.force_login(user)
    return user


def defaults(user) -> tuple[list[int], list[int]]:
    addresses = Address.objects.filter(user=user)
    shipping = list(addresses.filter(is_default_shipping=True).values_list("pk", flat=True))
    billing = list(addresses.filter(is_default_billing=True).values_list("pk", flat=True))
    return shipping, billing


def test_address_pages_require_login(client):
    assert client.get(reverse("accounts:addresses")).status_code == 302
    assert client.get(reverse("accounts:address-create")).status_code == 302


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_address_pages_render(client, member, prefix):
    address = AddressFactory(user=member)
    for path in ["/account/addresses/", "/account/addresses/new/", f"/account/addresses/{address.pk}/edit/"]:
        assert client.get(prefix + path).status_code == 200
    assert client.get(f"{prefix}/account/addresses/{address.pk}/delete/").status_code == 200


def test_first_address_becomes_the_default_for_both(client, member):
    response = client.post(reverse("accounts:address-create"), FORM)
    assert response.status_code == 302
    address = Address.objects.get(user=member)
    assert address.country == "FR"
    assert defaults(member) == ([address.pk], [address.pk])


def test_later_addresses_are_not_defaults(client, member):
    first = address_create(user=member, data=FORM)
    client.post(reverse("accounts:address-create"), {**FORM, "label": "Bureau"})
    assert Address.objects.filter(user=member).count() == 2
    assert defaults(member) == ([first.pk], [first.pk])


def test_address_form_refuses_a_bad_country_or_missing_fields(client, member):
    response = client.post(reverse("accounts:address-create"), {**FORM, "country": "France", "city": ""})
    assert response.status_code == 200
    assert {"country", "city"} <= set(response.context["form"].errors)
    assert not Address.objects.exists()


def test_set_default_moves_the_flag_and_keeps_one(client, member):
    first = address_create(user=member, data=FORM)
    second = address_create(user=member, data={**FORM, "label": "Bureau"})
    client.post(reverse("accounts:address-default", args=[second.pk]), {"kind": "shipping"})
    assert defaults(member) == ([second.pk], [first.pk])
    client.post(reverse("accounts:address-default", args=[second.pk]), {"kind": "billing"})
    assert defaults(member) == ([second.pk], [second.pk])


def test_set_default_refuses_an_unknown_kind(client, member):
    address = address_create(user=member, data=FORM)
    assert client.post(reverse("accounts:address-default", args=[address.pk]), {"kind": "gift"}).status_code == 400


def test_database_refuses_two_default_addresses():
    user = verified_user_make()
    AddressFactory(user=user, is_default_shipping=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(user=user, is_default_shipping=True)


def test_editing_an_address_changes_its_fields_only(client, member):
    address = address_create(user=member, data=FORM)
    response = client.post(reverse("accounts:address-update", args=[address.pk]), {**FORM, "city": "Villeurbanne"})
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.city == "Villeurbanne" and address.is_default_shipping


def test_deleting_the_default_passes_it_to_the_most_recent_address(client, member):
    first = address_create(user=member, data=FORM)
    older = address_create(user=member, data={**FORM, "label": "Vieux"})
    newest = address_create(user=member, data={**FORM, "label": "Neuf"})
    Address.objects.filter(pk=older.pk).update(created_at=first.created_at)
    response = client.post(reverse("accounts:address-delete", args=[first.pk]))
    assert response.status_code == 302
    assert not Address.objects.filter(pk=first.pk).exists()
    assert defaults(member) == ([newest.pk], [newest.pk])


def test_deleting_the_last_address_leaves_no_default(member):
    address = address_create(user=member, data=FORM)
    address_delete(address=address)
    assert defaults(member) == ([], [])


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("accounts:address-update", "get", {}),
        ("accounts:address-update", "post", {**FORM, "city": "Hacked"}),
        ("accounts:address-delete", "get", {}),
        ("accounts:address-delete", "post", {}),
        ("accounts:address-default", "post", {"kind": "shipping"}),
    ],
)
def test_another_users_address_is_a_404(client, member, name, method, data):
    victim = verified_user_make()
    theirs = address_create(user=victim, data=FORM)
    mine = address_create(user=member, data=FORM)
    response = getattr(client, method)(reverse(name, args=[theirs.pk]), data)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "Lyon" and theirs.is_default_shipping
    assert defaults(member) == ([mine.pk], [mine.pk])


def test_address_list_shows_only_my_addresses(client, member):
    address_create(user=member, data=FORM)
    address_create(user=verified_user_make(), data={**FORM, "line1": "99 avenue Secrète"})
    body = client.get(reverse("accounts:addresses")).content.decode()
    assert "12 rue des Lilas" in body and "Secrète" not in body


def test_set_default_service_keeps_one_default(member):
    first = address_create(user=member, data=FORM)
    second = address_create(user=member, data=FORM)
    address_set_default(address=second, kind=AddressDefault.BILLING)
    address_set_default(address=first, kind=AddressDefault.BILLING)
    assert defaults(member) == ([first.pk], [first.pk])
