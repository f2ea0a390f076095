"""Factories of the notifications tests."""

import factory

from notifications.models import Notification
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    kind = "ticket_reply"
    title = factory.Sequence(lambda n: f"Réponse à votre demande n°{n}")
    url = "/help/tickets/T-1/"

    class Meta:
        model = Notification
