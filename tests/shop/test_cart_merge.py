"""At login the visitor's anonymous cart joins their account's cart; anonymous carts expire after 30 days."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from shop.cart_session import SESSION_KEY
from shop.models import Cart, CartLine, Product
from shop.services import cart_merge, carts_expire_anonymous
from shop.tasks import carts_expire_task
from tests.factories import DEFAULT_PASSWORD
from tests.shop.cart_factories import AnonymousCartFactory, CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import ProductFactory
from tests.shop.review_support import customer_make

pytestmark = pytest.mark.django_db


def variant_make(stock=10):
    return ProductFactory(variant__stock=stock, variant__price=Decimal("10.00")).variants.get()


def quantities(cart: Cart) -> dict[int, int]:
    return dict(CartLine.objects.filter(cart=cart).values_list("variant_id", "quantity"))


def add_as_visitor(client, variant, quantity):
    response = client.post(reverse("shop:cart-add"), {"variant": variant.pk, "quantity": quantity})
    assert response.status_code == 302


def test_login_through_the_real_login_view_merges_the_anonymous_cart(client):
    user = customer_make()
    shared, capped, theirs = variant_make(stock=10), variant_make(stock=4), variant_make()
    mine = CartFactory(user=user)
    CartLineFactory(cart=mine, variant=shared, quantity=2)
    CartLineFactory(cart=mine, variant=capped, quantity=3)
    add_as_visitor(client, shared, 5)
    add_as_visitor(client, capped, 4)
    add_as_visitor(client, theirs, 1)
    token = client.session[SESSION_KEY]
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert quantities(Cart.objects.get(user=user)) == {shared.pk: 7, capped.pk: 4, theirs.pk: 1}
    assert not Cart.objects.filter(token=token).exists()
    assert SESSION_KEY not in client.session
    assert client.get(reverse("shop:cart")).context["summary"].item_count == 12


def test_login_without_an_anonymous_cart_changes_nothing(client):
    user = customer_make()
    mine = CartFactory(user=user)
    CartLineFactory(cart=mine, quantity=2)
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert sum(quantities(mine).values()) == 2
    assert Cart.objects.count() == 1


def test_merge_creates_the_users_cart_and_keeps_the_anonymous_code():
    user = customer_make()
    promo = PromoCodeFactory()
    anonymous = AnonymousCartFactory(promo_code=promo)
    line = CartLineFactory(cart=anonymous, quantity=2)
    merged = cart_merge(anonymous_cart=anonymous, user=user)
    assert merged.user == user and merged.promo_code == promo
    assert quantities(merged) == {line.variant_id: 2}
    assert not Cart.objects.filter(pk=anonymous.pk).exists()


def test_merge_keeps_the_users_own_code():
    user = customer_make()
    own = PromoCodeFactory()
    CartFactory(user=user, promo_code=own)
    merged = cart_merge(anonymous_cart=AnonymousCartFactory(promo_code=PromoCodeFactory()), user=user)
    assert merged.promo_code == own


def test_merge_drops_lines_no_longer_sold_or_sold_out():
    user = customer_make()
    anonymous = AnonymousCartFactory()
    retired, sold_out, fine = variant_make(), variant_make(stock=0), variant_make()
    Product.objects.filter(pk=retired.product_id).update(is_active=False)
    for variant in (retired, sold_out, fine):
        CartLineFactory(cart=anonymous, variant=variant, quantity=1)
    assert quantities(cart_merge(anonymous_cart=anonymous, user=user)) == {fine.pk: 1}


def test_expiry_deletes_only_anonymous_carts_untouched_for_30_days():
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=31), tick=False):
        old_anonymous = AnonymousCartFactory()
        CartLineFactory(cart=old_anonymous)
        old_customer = CartFactory()
    with time_machine.travel(now - timedelta(days=29), tick=False):
        recent_anonymous = AnonymousCartFactory()
    assert carts_expire_anonymous(now=now) == 1
    assert set(Cart.objects.values_list("pk", flat=True)) == {old_customer.pk, recent_anonymous.pk}
    assert not CartLine.objects.filter(cart_id=old_anonymous.pk).exists()


def test_expiry_task_runs_the_clean_up_and_is_safe_to_run_twice():
    with time_machine.travel(timezone.now() - timedelta(days=40), tick=False):
        AnonymousCartFactory.create_batch(2)
    assert carts_expire_task.delay().get() == 2
    assert carts_expire_task.delay().get() == 0
    assert not Cart.objects.exists()
