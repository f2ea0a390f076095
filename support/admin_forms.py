"""The staff reply form of the ticket admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import ATTACHMENTS_HELP, MultipleFileField
from .models import CannedReply, Ticket


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 6, "cols": 80}), required=False, max_length=20000
    )
    canned = forms.ModelChoiceField(
        label=_("Canned reply"),
        queryset=CannedReply.objects.all(),
        required=False,
        help_text=_("Added after your text (or sent alone when you write nothing)."),
    )
    is_internal = forms.BooleanField(
        label=_("Internal note"), required=False, help_text=_("Visible to staff only; the customer is not told.")
    )
    attachments = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENTS_HELP)
    status = forms.ChoiceField(
        label=_("Then set the status to"), choices=[("", _("(unchanged)")), *Ticket.Status.choices], required=False
    )

    def clean(self):
        data = super().clean()
        canned = data.get("canned")
        text = "\n\n".join(part for part in (data.get("body", "").strip(), canned.body if canned else "") if part)
        if not text:
            raise forms.ValidationError(_("Write a reply or choose a canned reply."))
        data["text"] = text
        return data
