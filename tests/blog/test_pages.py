"""Blog pages: archives, author pages, search, table of contents, related posts, neighbours, share links, JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.blog.factories import BlogCategoryFactory, PostFactory

pytestmark = pytest.mark.django_db
JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld_types(html: str) -> dict[str, dict]:
    return {data["@type"]: data for data in (json.loads(block) for block in JSON_LD_RE.findall(html))}


def test_category_archive_lists_its_visible_posts(client):
    category = BlogCategoryFactory(slug="astuces", name="Astuces")
    PostFactory(title="Dans la rubrique").categories.add(category)
    PostFactory(title="Ailleurs")
    PostFactory(title="Brouillon rangé", status=Post.Status.DRAFT, published_at=None).categories.add(category)
    html = client.get("/blog/category/astuces/").content.decode()
    assert "Dans la rubrique" in html and "Ailleurs" not in html and "Brouillon rangé" not in html
    assert "<h1" in html and html.count("<h1") == 1


def test_tag_archive_and_author_page(client):
    tagged = PostFactory(title="Avec étiquette")
    tagged.tags.add("cuisine")
    PostFactory(title="Sans étiquette")
    html = client.get("/blog/tag/cuisine/").content.decode()
    assert "Avec étiquette" in html and "Sans étiquette" not in html
    html = client.get(f"/blog/author/{tagged.author_id}/").content.decode()
    assert "Avec étiquette" in html and "Sans étiquette" not in html


def test_author_without_visible_posts_has_no_page(client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert client.get(f"/blog/author/{draft.author_id}/").status_code == 404


def test_search_finds_visible_posts_and_is_not_indexed(client):
    PostFactory(title="Bien choisir son casque", body="Audio sans fil")
    PostFactory(title="Recette", body="Tarte aux pommes")
    PostFactory(title="Casque secret", status=Post.Status.DRAFT, published_at=None)
    html = client.get("/blog/search/", {"q": "casque"}).content.decode()
    assert "Bien choisir son casque" in html and "Recette" not in html and "Casque secret" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_post_page_has_contents_related_posts_neighbours_and_share_links(client):
    now = timezone.now()
    before = PostFactory(title="Avant", published_at=now - timedelta(days=3))
    post = PostFactory(
        title="Milieu", published_at=now - timedelta(days=2), body="## Première partie\n\nA\n\n## Seconde partie\n\nB"
    )
    after = PostFactory(title="Après", published_at=now - timedelta(days=1))
    post.tags.add("audio", "maison")
    after.tags.add("audio")
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'href="#h-premiere-partie"' in html and 'id="h-seconde-partie"' in html
    assert f'rel="prev" href="{before.get_absolute_url()}"' in html
    assert f'rel="next" href="{after.get_absolute_url()}"' in html
    related = html.split('id="related-title"')[1]
    assert "Après" in related and "Avant" not in related
    assert "https://www.facebook.com/sharer/sharer.php?u=" in html and '<script src="https://' not in html


def test_post_page_has_valid_blogposting_and_breadcrumb_json_ld(client, settings):
    settings.SITE_URL = "https://webox.example"
    post = PostFactory(title="Données structurées </script>", slug="donnees")
    html = client.get("/blog/donnees/").content.decode()
    types = json_ld_types(html)
    assert types["BlogPosting"]["headline"] == "Données structurées </script>"
    assert types["BlogPosting"]["url"] == "https://webox.example/blog/donnees/"
    assert types["BlogPosting"]["datePublished"] == post.published_at.isoformat()
    trail = [item["name"] for item in types["BreadcrumbList"]["itemListElement"]]
    assert trail[-1] == post.title and len(trail) == 3
    assert html.count('rel="canonical"') == 1


def test_list_pages_have_a_breadcrumb_json_ld(client):
    BlogCategoryFactory(slug="actus")
    for url in ("/blog/", "/blog/category/actus/"):
        assert "BreadcrumbList" in json_ld_types(client.get(url).content.decode())


def test_post_page_query_count_stays_constant(client, django_assert_max_num_queries):
    post = PostFactory()
    post.tags.add("a", "b")
    for _ in range(5):
        PostFactory().tags.add("a")
    with django_assert_max_num_queries(14):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_home_page_shows_the_latest_posts(client):
    PostFactory(title="Tout frais")
    assert "Tout frais" in client.get("/").content.decode()


def test_a_post_page_describes_itself_once_as_an_article_for_social_networks(client):
    """The site-wide head gives the OpenGraph tags; a post only says it is an article (no duplicate tags)."""
    post = PostFactory(title="Un article partagé", seo_description="Ce qu'il faut savoir.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert re.findall(r'<meta property="og:type" content="([^"]+)">', html) == ["article"]
    assert html.count('property="og:title"') == 1 and html.count('name="twitter:card"') == 1
    assert '<meta property="og:description" content="Ce qu&#x27;il faut savoir.">' in html
