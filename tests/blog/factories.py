"""Factories of the blog."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from blog.models import BlogCategory, Comment, Post
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


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")

    class Meta:
        model = BlogCategory


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved comment on a published post."""

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = "Merci pour cet article !"
    status = Comment.Status.APPROVED

    class Meta:
        model = Comment


def reader_make(**fields):
    """Return a user whose email address is verified: allowed to comment."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def regular_reader_make(**fields):
    """Return a verified reader with one approved comment already: their next comments appear at once."""
    user = reader_make(**fields)
    CommentFactory(author=user)
    return user
