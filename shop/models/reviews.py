"""Customer reviews of products, and wishlists."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel

from .catalogue import Product


class Review(TimeStampedModel):
    """A customer's rating and opinion of a product: one per customer and product."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("review"), max_length=5000)
    is_verified_purchase = models.BooleanField(_("verified purchase"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden reviews count for nothing."))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["product", "user"], name="shop_review_one_per_customer"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="shop_review_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["product", "is_hidden", "-created_at"], name="shop_review_product_idx")]

    def __str__(self) -> str:
        return f"{self.product} · {self.rating}/5 · {self.user}"


class WishlistItem(models.Model):
    """A product a customer saved for later."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="wishlist_items")
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("wishlist item")
        verbose_name_plural = _("wishlist items")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="shop_wishlist_unique")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.product}"


class ProductSlugRedirect(models.Model):
    """An old address of a product: requests for it are redirected (301) to the current one."""

    old_slug = models.SlugField(_("old slug"), max_length=220, unique=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product redirect")
        verbose_name_plural = _("product redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.product.slug}"
