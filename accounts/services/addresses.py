"""Writes on a user's address book: one default shipping and one default billing address at most.

Each write locks the owner's row first, so that two concurrent "make default"
requests cannot both win; the partial unique constraints on ``Address`` are the
last line of defence.
"""

from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Address, User
from webox.common.errors import ApplicationError

ADDRESS_FIELDS = ("label", "full_name", "company", "line1", "line2", "postal_code", "city", "country", "phone")


class AddressDefault(StrEnum):
    SHIPPING = "shipping"
    BILLING = "billing"


def _lock_owner(user_id: int) -> None:
    User.objects.select_for_update().filter(pk=user_id).first()


def _validate(address: Address) -> None:
    try:
        address.full_clean(exclude=["user"])
    except ValidationError as exc:
        raise ApplicationError(_("Check the address."), extra={"fields": exc.message_dict}) from exc


def _default_field(kind: AddressDefault) -> str:
    return f"is_default_{AddressDefault(kind)}"


def _make_default(address: Address, kind: AddressDefault) -> None:
    field = _default_field(kind)
    Address.objects.filter(user_id=address.user_id, **{field: True}).exclude(pk=address.pk).update(**{field: False})
    Address.objects.filter(pk=address.pk).update(**{field: True, "updated_at": timezone.now()})
    setattr(address, field, True)


@transaction.atomic
def address_create(*, user: User, data: dict[str, Any]) -> Address:
    """Add an address; the first one becomes the default for shipping and billing."""
    _lock_owner(user.pk)
    address = Address(user=user, **{key: data[key] for key in ADDRESS_FIELDS if key in data})
    _validate(address)
    first = not Address.objects.filter(user=user).exists()
    address.is_default_shipping = address.is_default_billing = first
    address.save()
    return address


@transaction.atomic
def address_update(*, address: Address, data: dict[str, Any]) -> Address:
    """Change the postal fields of an address (not its default flags)."""
    for key in ADDRESS_FIELDS:
        if key in data:
            setattr(address, key, data[key])
    _validate(address)
    address.save(update_fields=[*ADDRESS_FIELDS, "updated_at"])
    return address


@transaction.atomic
def address_set_default(*, address: Address, kind: AddressDefault) -> Address:
    """Make this address the user's default for ``kind``, and no other."""
    _lock_owner(address.user_id)
    _make_default(address, kind)
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete an address; a default it held passes to the user's most recent other address."""
    _lock_owner(address.user_id)
    address.refresh_from_db(fields=["is_default_shipping", "is_default_billing"])
    held = [kind for kind in AddressDefault if getattr(address, _default_field(kind))]
    user_id = address.user_id
    address.delete()
    successor = Address.objects.filter(user_id=user_id).order_by("-created_at").first()
    if successor is not None:
        for kind in held:
            _make_default(successor, kind)
