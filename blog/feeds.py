"""RSS and Atom feeds: every visible post, or those of one category."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors
from .models import BlogCategory, Post

FEED_SIZE = 20


class LatestPostsFeed(Feed):
    """The latest visible posts as RSS 2.0."""

    def title(self) -> str:
        return _("WEBOX blog")

    def description(self) -> str:
        return _("News, buying guides and AI studio tips from the WEBOX team.")

    def link(self) -> str:
        return reverse("blog:index")

    def items(self):
        return selectors.post_list_visible()[:FEED_SIZE]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.excerpt or item.seo_description or item.title

    def item_author_name(self, item: Post) -> str:
        return item.author.get_full_name() or str(item.author)

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at


class LatestPostsAtomFeed(LatestPostsFeed):
    """The latest visible posts as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class CategoryPostsFeed(LatestPostsFeed):
    """The latest visible posts of one category as RSS 2.0."""

    def get_object(self, request, slug: str) -> BlogCategory:
        category = selectors.category_get(slug=slug)
        if category is None:
            raise Http404
        return category

    def title(self, obj: BlogCategory) -> str:
        return _("WEBOX blog: %(category)s") % {"category": obj.name}

    def link(self, obj: BlogCategory) -> str:
        return obj.get_absolute_url()

    def items(self, obj: BlogCategory):
        return selectors.post_list_by_category(category=obj)[:FEED_SIZE]


class CategoryPostsAtomFeed(CategoryPostsFeed):
    """The latest visible posts of one category as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, obj: BlogCategory) -> str:
        return obj.description or self.description()
