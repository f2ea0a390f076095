"""Forms of the shop pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Review

RATING_CHOICES = [
    (5, _("5 stars: excellent")),
    (4, _("4 stars: good")),
    (3, _("3 stars: average")),
    (2, _("2 stars: poor")),
    (1, _("1 star: very poor")),
]


class ReviewForm(forms.Form):
    """A customer's review; the service cleans and checks it again before saving."""

    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=Review._meta.get_field("title").max_length)
    body = forms.CharField(
        label=_("Your review"),
        max_length=Review._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text: what you liked, what could be better."),
    )
