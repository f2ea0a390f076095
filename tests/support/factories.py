"""Factories of the help desk."""

import factory

from support.models import FAQCategory, FAQEntry


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
