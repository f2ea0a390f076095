"""Factories shared by every test folder; each app's own live in tests/<app>/factories.py."""

import factory

from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Meta:
        model = User
