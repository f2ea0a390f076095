"""Reviews: who may write one, what is stored, and the product's average kept right."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.models import Review
from shop.purchases import customer_has_bought
from shop.selectors import review_summary_for_page
from shop.services import product_rating_refresh, review_create, review_delete, review_hide, review_unhide
from tests.shop.factories import ProductFactory
from tests.shop.review_support import buyer_make, customer_make, purchases_recorded
from webox.common.errors import ApplicationError, Conflict, PermissionDenied

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _purchases(settings):
    with purchases_recorded(settings) as purchases:
        yield purchases


def _review(product, user=None, *, rating=5, title="Très bien", body="Conforme à la description."):
    user = user or buyer_make(product)
    return review_create(product=product, user=user, rating=rating, title=title, body=body)


def _rating(product):
    product.refresh_from_db()
    return product.rating_avg, product.rating_count


def test_default_verifier_knows_of_no_purchase(settings):
    """Until the orders app plugs in its check, nobody counts as a buyer."""
    settings.SHOP_PURCHASE_VERIFIER = "shop.purchases.no_purchase_records"
    product = ProductFactory()
    assert customer_has_bought(user=customer_make(), product=product) is False


def test_review_create_refuses_a_customer_who_did_not_buy():
    product = ProductFactory()
    with pytest.raises(PermissionDenied) as refusal:
        _review(product, customer_make())
    assert refusal.value.code == "not_a_buyer"
    assert not Review.objects.exists()


def test_review_create_refuses_an_unverified_email():
    product = ProductFactory()
    user = buyer_make(product, verified=False)
    with pytest.raises(PermissionDenied) as refusal:
        _review(product, user)
    assert refusal.value.code == "email_not_verified"


def test_review_create_accepts_one_review_per_customer():
    product = ProductFactory()
    user = buyer_make(product)
    first = _review(product, user)
    assert first.is_verified_purchase and not first.is_hidden
    with pytest.raises(Conflict) as refusal:
        _review(product, user, rating=1)
    assert refusal.value.code == "already_reviewed"
    assert Review.objects.filter(product=product).count() == 1


def test_review_create_stores_plain_text_without_markup():
    product = ProductFactory()
    review = _review(
        product,
        title="  <b>Super</b>   produit ",
        body='<script>alert("x")</script>Très <em>bon</em> & solide\r\n\r\n\r\n\r\n<img src=x onerror=alert(1)>fin',
    )
    assert review.title == "Super produit"
    assert review.body == "Très bon & solide\n\nfin"


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"body": "Bof."}, "body"),
        ({"body": "<p></p>" * 3}, "body"),
        ({"body": "x" * 5001}, "body"),
    ],
)
def test_review_create_refuses_invalid_fields(fields, bad):
    product = ProductFactory()
    with pytest.raises(ApplicationError) as refusal:
        _review(product, **fields)
    assert bad in refusal.value.extra["fields"]
    assert _rating(product) == (Decimal("0"), 0)


def test_average_and_count_follow_create_hide_unhide_and_delete():
    product = ProductFactory()
    _review(product, rating=5)
    assert _rating(product) == (Decimal("5.00"), 1)
    low = _review(product, rating=2)
    middle = _review(product, rating=4)
    assert _rating(product) == (Decimal("3.67"), 3)
    review_hide(review=low)
    assert _rating(product) == (Decimal("4.50"), 2)
    review_unhide(review=low)
    assert _rating(product) == (Decimal("3.67"), 3)
    review_delete(review=middle)
    assert _rating(product) == (Decimal("3.50"), 2)


def test_hidden_reviews_count_for_nothing():
    product = ProductFactory()
    review_hide(review=_review(product, rating=1))
    review_hide(review=_review(product, rating=1))
    assert _rating(product) == (Decimal("0"), 0)
    _review(product, rating=4)
    assert _rating(product) == (Decimal("4.00"), 1)


def test_page_summary_counts_visible_reviews_per_star_and_puts_the_viewers_own_first():
    product = ProductFactory()
    author = buyer_make(product)
    own = _review(product, author, rating=3)
    for rating in (5, 5, 4):
        _review(product, rating=rating)
    review_hide(review=_review(product, rating=1))
    product.refresh_from_db()
    summary = review_summary_for_page(product=product, user=author)
    assert summary.distribution == [(5, 2), (4, 1), (3, 1), (2, 0), (1, 0)]
    assert summary.own_review == own and summary.reviews[0] == own
    assert len(summary.reviews) == 4 and all(not review.is_hidden for review in summary.reviews)


def test_page_summary_shows_the_author_their_hidden_review_but_not_the_public():
    product = ProductFactory()
    author = buyer_make(product)
    review_hide(review=_review(product, author))
    product.refresh_from_db()
    mine = review_summary_for_page(product=product, user=author)
    assert mine.own_review is not None and mine.own_review.is_hidden and mine.reviews == []
    assert review_summary_for_page(product=product, user=customer_make()).own_review is None


# ---------------------------------------------------------------------------
# The product page
# ---------------------------------------------------------------------------
def _post_review(client, product, **fields):
    data = {"rating": 4, "title": "Bon achat", "body": "Solide et bien fini, je recommande.", **fields}
    return client.post(reverse("shop:review-create", kwargs={"slug": product.slug}), data)


def test_product_page_shows_average_distribution_and_visible_reviews_only(client):
    product = ProductFactory()
    for rating in (5, 4, 4):
        _review(product, rating=rating, title=f"Avis {rating}")
    review_hide(review=_review(product, rating=1, title="Avis masqué"))
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Avis 5" in html and "Avis 4" in html and "Avis masqué" not in html
    assert "★★★★☆" in html  # 4.33 rounds to four stars
    assert 'id="reviews-meter-4" min="0" max="3" value="2"' in html
    assert 'id="reviews-meter-1" min="0" max="3" value="0"' in html
    assert "Verified purchase" in html
    assert "@example.com" not in html  # authors appear by display name, never by email


def test_product_page_escapes_review_text(client):
    """Reviews are plain text: markup written into the database still reaches the page escaped."""
    product = ProductFactory()
    Review.objects.create(
        product=product,
        user=customer_make(),
        rating=5,
        title="<img src=x onerror=alert(1)>",
        body="<script>alert('xss')</script>",
    )
    product_rating_refresh(product_id=product.pk)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_product_page_offers_the_form_to_a_buyer_only(client):
    product = ProductFactory()
    form_action = reverse("shop:review-create", kwargs={"slug": product.slug})
    assert "Log in to review this product." in client.get(product.get_absolute_url()).content.decode()
    client.force_login(customer_make())
    html = client.get(product.get_absolute_url()).content.decode()
    assert form_action not in html and "Only customers who bought this product can review it." in html
    client.force_login(buyer_make(product))
    assert form_action in client.get(product.get_absolute_url()).content.decode()


def test_buyer_posts_a_review_and_comes_back_to_the_reviews(client):
    product = ProductFactory()
    client.force_login(buyer_make(product))
    response = _post_review(client, product, rating=4)
    assert response.status_code == 302
    assert response["Location"] == f"{product.get_absolute_url()}#reviews"
    assert _rating(product) == (Decimal("4.00"), 1)
    page = client.get(response["Location"]).content.decode()
    assert "Thank you! Your review is published." in page
    assert "You have reviewed this product. Thank you!" in page


def test_review_post_keeps_what_was_typed_when_refused(client):
    product = ProductFactory()
    client.force_login(buyer_make(product))
    response = _post_review(client, product, rating="", body="Un texte que je ne veux pas perdre.")
    assert response.status_code == 400
    assert "Un texte que je ne veux pas perdre." in response.content.decode()
    assert not Review.objects.exists()


def test_review_post_by_a_non_buyer_is_refused_without_losing_the_text(client):
    product = ProductFactory()
    client.force_login(customer_make())
    response = _post_review(client, product, body="Je n'ai pas acheté mais je donne mon avis.")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only customers who bought this product can review it." in html
    assert "Je n&#x27;ai pas acheté mais je donne mon avis." in html
    assert not Review.objects.exists()


def test_second_review_post_is_a_conflict(client):
    product = ProductFactory()
    client.force_login(buyer_make(product))
    _post_review(client, product)
    response = _post_review(client, product, rating=1)
    assert response.status_code == 409
    assert "You have already reviewed this product." in response.content.decode()
    assert Review.objects.get().rating == 4


def test_review_post_requires_login_and_a_verified_email(client):
    product = ProductFactory()
    response = _post_review(client, product)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(buyer_make(product, verified=False))
    assert _post_review(client, product).status_code == 403
    assert not Review.objects.exists()


def test_staff_hides_a_review_from_the_page(client, staff_user):
    product = ProductFactory()
    _review(product, rating=5)
    review = _review(product, rating=1, title="Avis injurieux")
    hide_url = reverse("shop:review-hide", kwargs={"review_id": review.pk})
    client.force_login(customer_make())
    assert client.post(hide_url).status_code == 403
    client.force_login(staff_user)
    assert hide_url in client.get(product.get_absolute_url()).content.decode()
    response = client.post(hide_url)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_hidden
    assert _rating(product) == (Decimal("5.00"), 1)
    assert "Avis injurieux" not in client.get(product.get_absolute_url()).content.decode()


def test_product_page_stays_within_ten_queries_with_ten_reviews(client, django_assert_max_num_queries):
    product = ProductFactory()
    for rating in range(10):
        _review(product, rating=rating % 5 + 1)
    client.get(product.get_absolute_url())  # warm Django's content-type cache (tags)
    with django_assert_max_num_queries(10):
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200 and len(response.context["product"].reviews.all()) == 10


def test_reviews_block_costs_one_query_whatever_the_number_of_reviews(client):
    """A signed-in buyer's page reads reviews, distribution and their own review in one query."""
    product = ProductFactory()
    client.force_login(buyer_make(product))
    _review(product)
    client.get(product.get_absolute_url())  # warm the content-type and wishlist caches
    with CaptureQueriesContext(connection) as one:
        client.get(product.get_absolute_url())
    for rating in range(15):
        _review(product, rating=rating % 5 + 1)
    with CaptureQueriesContext(connection) as many:
        client.get(product.get_absolute_url())
    review_queries = [query for query in many.captured_queries if '"shop_review"' in query["sql"]]
    assert len(many.captured_queries) == len(one.captured_queries)
    assert len(review_queries) == 1


def test_admin_actions_hide_and_show_reviews_through_the_services(admin_client_verified):
    product = ProductFactory()
    kept, hidden = _review(product, rating=5), _review(product, rating=1)
    changelist = reverse("admin:shop_review_changelist")
    assert admin_client_verified.get(changelist).status_code == 200
    admin_client_verified.post(changelist, {"action": "hide_reviews", "_selected_action": [hidden.pk]})
    assert _rating(product) == (Decimal("5.00"), 1)
    admin_client_verified.post(changelist, {"action": "unhide_reviews", "_selected_action": [hidden.pk]})
    assert _rating(product) == (Decimal("3.00"), 2)
    admin_client_verified.post(changelist, {"action": "delete_selected", "_selected_action": [kept.pk], "post": "yes"})
    assert _rating(product) == (Decimal("1.00"), 1)
