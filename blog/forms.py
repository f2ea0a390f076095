"""Forms of the blog pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class CommentForm(forms.Form):
    """A comment or a reply (``parent``), in a little Markdown."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text and links; no images."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    """A moderator's decision on a comment."""

    status = forms.ChoiceField(
        choices=[(value, label) for value, label in Comment.Status.choices if value != Comment.Status.PENDING]
    )
