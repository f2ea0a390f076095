"""Forms of the help desk pages: open a ticket, reply, rate, contact us."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Ticket


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one's content and size."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


ATTACHMENTS_HELP = _("Images (JPEG, PNG, GIF, WebP) or PDF documents, 10 MB each at most.")


class TicketForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    category = forms.ChoiceField(label=_("Topic"), choices=Ticket.Category.choices)
    order = forms.ModelChoiceField(
        label=_("Order concerned"), queryset=None, required=False, to_field_name="number", empty_label=_("None")
    )
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    attachments = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENTS_HELP)

    def __init__(self, *args, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = orders


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    attachments = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENTS_HELP)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the help you received?"),
        choices=[(value, str(value)) for value in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your email address"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
