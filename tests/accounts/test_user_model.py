"""The custom user: the email address is the login, whatever its case."""

import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_user_email_is_stored_lowercase():
    user = User.objects.create_user("Ana.Martin@Example.COM", "x" * 12)
    assert user.email == "ana.martin@example.com"


def test_user_email_is_unique_whatever_the_case():
    User.objects.create_user("ana@example.com", "x" * 12)
    with pytest.raises(IntegrityError):
        User.objects.create_user("ANA@example.com", "x" * 12)


def test_user_authenticates_with_email_in_any_case():
    user = UserFactory(email="paul@example.com")
    assert authenticate(username="PAUL@Example.com", password=DEFAULT_PASSWORD) == user


def test_user_defaults_to_french_and_has_display_names():
    user = UserFactory(email="lea@example.com", display_name="")
    assert user.preferred_language == "fr"
    assert user.get_short_name() == "lea"
    assert user.get_full_name() == "lea@example.com"


def test_create_superuser_sets_staff_flags():
    admin = User.objects.create_superuser("boss@example.com", "x" * 12)
    assert admin.is_staff and admin.is_superuser


def test_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Staff", "Support", "Bloggers"} <= names
    staff = Group.objects.get(name="Staff")
    assert staff.permissions.filter(codename="change_user", content_type__app_label="accounts").exists()
