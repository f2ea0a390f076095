"""``manage.py seed_demo``: the demo data, loaded once, identical on every later run."""

import time
from io import StringIO

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Max
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.groups import BLOGGERS
from accounts.models import User
from blog.models import Post
from shop.models import Category, Product, ProductImage, ProductVariant, PromoCode
from support.models import FAQCategory, FAQEntry

pytestmark = pytest.mark.django_db
MODELS = (Category, Product, ProductVariant, ProductImage, Post, FAQCategory, FAQEntry, User, EmailAddress, PromoCode)
DEMO_EMAILS = ("client@webox.test", "admin@webox.test", "blog@webox.test")


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    """Return the row counts and the last update times that a second run must leave alone."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    stamps = {
        model.__name__: model.objects.aggregate(last=Max("updated_at"))["last"]
        for model in (Category, Product, Post, FAQEntry, PromoCode)
    }
    return {"counts": counts, "stamps": stamps}


def test_seed_demo_creates_the_demo_and_a_second_run_changes_nothing():
    output = _seed()
    first = _snapshot()
    counts = first["counts"]
    assert counts["Category"] == 8
    assert 56 <= counts["Product"] <= 64
    assert counts["ProductVariant"] > counts["Product"]
    assert counts["ProductImage"] == counts["Product"]
    assert counts["Post"] == 4
    assert counts["FAQCategory"] == 3
    assert FAQEntry.objects.filter(language="fr").count() == FAQEntry.objects.filter(language="en").count() >= 8
    assert "client@webox.test" in output and "webox-demo-2026" in output

    started = time.perf_counter()
    _seed()
    assert time.perf_counter() - started < 3
    assert _snapshot() == first


def test_seed_demo_catalogue_covers_kinds_stock_levels_and_credit_packs():
    _seed()
    packs = Product.objects.filter(kind=Product.Kind.CREDIT_PACK)
    assert set(packs.values_list("credits", flat=True)) >= {100, 500, 2000}
    assert not packs.filter(credits__isnull=True).exists()
    assert Product.objects.filter(kind=Product.Kind.DIGITAL).exists()
    assert Product.objects.filter(is_featured=True).count() >= 6
    tracked = ProductVariant.objects.filter(track_stock=True)
    assert tracked.filter(stock=0).exists() and tracked.filter(stock__gte=1, stock__lte=3).exists()
    defaults = ProductVariant.objects.filter(is_default=True)
    assert defaults.count() == defaults.values("product").distinct().count() == Product.objects.count()
    assert Product.objects.filter(tags__isnull=False).distinct().count() == Product.objects.count()
    assert Post.objects.published().count() == 2
    assert (
        Post.objects.filter(status=Post.Status.SCHEDULED).get().published_at
        > Post.objects.latest("created_at").created_at
    )
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1


def test_seed_demo_draws_every_picture_on_disk_and_redraws_missing_ones():
    _seed()
    files = [image.image for image in ProductImage.objects.all()] + [c.image for c in Category.objects.all()]
    files += [post.cover_image for post in Post.objects.all()]
    assert all(file and file.storage.exists(file.name) for file in files)
    assert set(ProductImage.objects.values_list("width", "height")) == {(800, 800)}
    missing = ProductImage.objects.order_by("pk").first().image
    missing.storage.delete(missing.name)
    _seed()
    assert missing.storage.exists(ProductImage.objects.order_by("pk").first().image.name)
    assert ProductImage.objects.count() == Product.objects.count()


def test_seed_demo_accounts_use_the_demo_password_and_verified_addresses(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")
    assert "another-demo-password" in _seed()
    for email in DEMO_EMAILS:
        assert authenticate(username=email, password="another-demo-password") is not None
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()
    admin = User.objects.get(email="admin@webox.test")
    assert admin.is_staff and admin.is_superuser
    blogger = User.objects.get(email="blog@webox.test")
    assert blogger.is_staff and not blogger.is_superuser and blogger.groups.filter(name=BLOGGERS).exists()
    assert not User.objects.get(email="client@webox.test").is_staff
    assert {post.author_id for post in Post.objects.all()} == {blogger.pk}


def test_seed_demo_gives_the_staff_accounts_an_authenticator_with_the_printed_key(monkeypatch):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    monkeypatch.setenv("DEMO_TOTP_SECRET", secret)
    output = _seed()
    assert secret in output and "otpauth://totp/WEBOX%3Aadmin%40webox.test" in output
    staff = TOTPDevice.objects.filter(confirmed=True, user__is_staff=True)
    assert set(staff.values_list("user__email", flat=True)) == {"admin@webox.test", "blog@webox.test"}
    device = staff.get(user__email="admin@webox.test")
    assert device.verify_token(pyotp.TOTP(secret).now())
    assert not TOTPDevice.objects.filter(user__email="client@webox.test").exists()


def test_seed_demo_gives_digital_products_a_private_file_and_adds_promo_codes():
    """Every demo eBook has a PDF to deliver (stored privately), and one promo code per kind of rule exists."""
    _seed()
    digital = Product.objects.filter(kind=Product.Kind.DIGITAL)
    assert digital.exists()
    for product in digital:
        assert product.digital_file.storage.exists(product.digital_file.name)
        with product.digital_file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    kinds = set(PromoCode.objects.values_list("kind", flat=True))
    assert kinds == {"percentage", "fixed", "free_shipping"}
    restricted = PromoCode.objects.get(code="LIVRES20")
    assert list(restricted.categories.values_list("slug", flat=True)) == ["livres-ebooks"]
