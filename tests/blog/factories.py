"""Factories of the blog."""

from datetime import timedelta

import factory
from django.utils import timezone

from blog.models import Post
from tests.factories import UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, dated yesterday."""

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    author = factory.SubFactory(UserFactory, is_staff=True)
    excerpt = "Un résumé de l'article."
    body = "Le **corps** de l'article."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Meta:
        model = Post
