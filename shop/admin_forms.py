"""Forms of the catalogue's back office: price change, CSV import, picture upload."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProductImage
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
