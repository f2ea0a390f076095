"""Factories of the help desk."""

import factory

from support.models import CannedReply, FAQCategory, FAQEntry


class FAQCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Rubrique {n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")

    class Meta:
        model = FAQCategory


class FAQEntryFactory(factory.django.DjangoModelFactory):
    category = factory.SubFactory(FAQCategoryFactory)
    language = "fr"
    question = factory.Sequence(lambda n: f"Question {n} ?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "Une **réponse**."

    class Meta:
        model = FAQEntry


class CannedReplyFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Réponse type {n}")
    body = "Bonjour, votre colis est en route."

    class Meta:
        model = CannedReply


def ticket_open(*, customer=None, order=None, priority="normal", body="Mon colis n'est pas arrivé.", **fields):
    """Open a ticket through ``ticket_create`` (number, due dates and first message as in real life)."""
    from support.services import ticket_create
    from tests.factories import UserFactory

    return ticket_create(
        customer=customer or UserFactory(),
        subject=fields.pop("subject", "Colis en retard"),
        category=fields.pop("category", "order"),
        body=body,
        order=order,
        priority=priority,
        **fields,
    )


def staff_make(**fields):
    """Return a staff member of the Support group."""
    from django.contrib.auth.models import Group

    from accounts.groups import SUPPORT
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get_or_create(name=SUPPORT)[0])
    return user
