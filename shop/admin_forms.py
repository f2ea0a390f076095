"""Forms of the catalogue's back office: price change, CSV import, variants, picture upload."""

from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from webox.common.models import locked_value

from .models import Product, ProductImage, ProductVariant
from .services.images import product_image_validate


class PriceChangeForm(forms.Form):
    """Ask by how many percent the selected products' prices change."""

    percent = forms.DecimalField(
        label=_("Change (%)"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("-99.99"),
        max_value=Decimal("1000"),
        help_text=_("For example 10 to raise every price by 10 %, -15 for a 15 % cut. Rounded to the cent."),
    )
    action = forms.CharField(widget=forms.HiddenInput, initial="change_price")
    apply = forms.CharField(widget=forms.HiddenInput, initial="1")

    def clean_percent(self) -> Decimal:
        percent = self.cleaned_data["percent"]
        if percent == 0:
            raise forms.ValidationError(_("Give a change other than zero."))
        return percent


class CatalogueImportForm(forms.Form):
    """Upload a CSV file of variants to update (by SKU) or create."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma or semicolon separated, first line = column names. "
            "Required: sku. To update a variant: price, compare_at_price, stock (any of them; an empty cell "
            "keeps the value). To create a variant of a new product (created hidden, to check before showing it): "
            "product_name, category_slug and price; optional product_slug, kind (physical or digital), options "
            '(JSON such as {"taille": "M"}), stock, compare_at_price. The export has exactly these columns. '
            "Every row is checked first: one bad row and nothing is changed."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file weighs more than 5 MB."))
        return upload


# A variant's fields in the back office, in their order (its product page shows them without the product).
VARIANT_FIELDS = [
    "sku",
    "options",
    "price",
    "compare_at_price",
    "stock",
    "track_stock",
    "weight_grams",
    "is_default",
    "position",
]


class ProductAdminForm(forms.ModelForm):
    """A product's page in the back office: tags no longer than a tag can be."""

    class Meta:
        model = Product
        fields = [
            "name",
            "slug",
            "kind",
            "category",
            "brand",
            "tags",
            "short_description",
            "description",
            "vat_rate",
            "credits",
            "is_active",
            "is_featured",
            "seo_title",
            "seo_description",
        ]

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data["tags"]
        longest = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > longest]
        if too_long:
            raise forms.ValidationError(
                _("A tag has at most %(max)s characters: %(tag)s…"),
                code="tag_too_long",
                params={"max": longest, "tag": too_long[0][:30]},
            )
        return tags


class ProductVariantAdminForm(forms.ModelForm):
    """A variant in the back office: saving the page never undoes a sale made while it was open.

    The stock shown travels with the form (a hidden copy). A stock left as shown is not written over
    what the orders made of it; a stock typed while orders changed it is refused, with the new figure.
    The variant's row is locked until the page's transaction ends (PostgreSQL), so no sale slips in
    between the check and the save.
    """

    class Meta:
        model = ProductVariant
        fields = ["product", *VARIANT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "stock" in self.fields:
            self.fields["stock"].show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "stock" not in self.fields or not self.has_changed():
            return cleaned
        current = locked_value(self.instance, "stock")
        if current is None:  # deleted meanwhile: the formset reports it
            return cleaned
        if "stock" not in self.changed_data:
            cleaned["stock"] = current
        elif "stock" in cleaned and current != self._stock_shown():
            self.add_error(
                "stock",
                forms.ValidationError(
                    _("The stock changed to %(stock)s while this page was open (an order?). Check it and save again."),
                    code="stock_changed",
                    params={"stock": current},
                ),
            )
            # Shown again, the page carries the new figure: saving it once more keeps the stock typed.
            self.data = self.data.copy()
            self.data[self.add_initial_prefix("stock")] = str(current)
        return cleaned

    def _stock_shown(self) -> int | None:
        """Return the stock the page showed (its hidden copy), or None when it is missing or not a number."""
        field = self.fields["stock"]
        shown = field.hidden_widget().value_from_datadict(self.data, self.files, self.add_initial_prefix("stock"))
        try:
            return field.to_python(shown)
        except forms.ValidationError:
            return None


class ProductVariantInlineFormSet(BaseInlineFormSet):
    """The variants on a product's page: exactly one of those kept is the default (the one cards show).

    The admin saves them through ``product_variants_save``, which lets the old default give way first.
    """

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        defaults = sum(1 for form in kept if form.cleaned_data.get("is_default"))
        if kept and defaults != 1:
            raise forms.ValidationError(
                _("Choose exactly one default variant: the one product cards and prices show."), code="one_default"
            )


class ProductVariantPageForm(ProductVariantAdminForm):
    """A variant on its own page: it cannot stop being its product's default from here."""

    def clean_is_default(self) -> bool:
        is_default = self.cleaned_data["is_default"]
        given_up = self.instance.pk is not None and "is_default" in self.changed_data and not is_default
        if given_up:
            raise forms.ValidationError(
                _("A product keeps one default variant: make another one the default on the product's page."),
                code="one_default",
            )
        return is_default


class ProductImageInlineForm(forms.ModelForm):
    """A product picture in the product's page of the admin: real JPEG, PNG or WebP only."""

    class Meta:
        model = ProductImage
        fields = ["image", "alt_text", "position"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            product_image_validate(image)
        return image
