"""The dashboard's period picker: the last 7, 30 or 90 days, or custom dates."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .periods import DEFAULT_DAYS, MAX_DAYS, PRESET_DAYS, Period, business_today

CUSTOM = "custom"
# Bounds of a custom period: past them, the instants that limit it (midnight in Paris, in UTC) may not exist.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


def _choices() -> list[tuple[str, str]]:
    presets = [(str(days), _("Last %(days)d days") % {"days": days}) for days in PRESET_DAYS]
    return [*presets, (CUSTOM, _("Custom dates"))]


class PeriodForm(forms.Form):
    """Read the period from the query string; ``custom`` needs a start and an end, at most a year apart."""

    period = forms.ChoiceField(label=_("Period"), choices=_choices, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("period") != CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            raise forms.ValidationError(_("Give a start and an end date for a custom period."), code="incomplete")
        if start < FIRST_DAY or end > LAST_DAY:
            raise forms.ValidationError(
                _("Choose dates between %(first)s and %(last)s.") % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
                code="out_of_range",
            )
        if start > end:
            raise forms.ValidationError(_("The start date must not come after the end date."), code="reversed")
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("A period spans at most %(days)d days.") % {"days": MAX_DAYS}, code="too_long"
            )
        return data

    def get_period(self, *, today: date | None = None) -> Period:
        """Return the chosen period (call after ``is_valid()``); nothing chosen: the last 30 days."""
        choice = self.cleaned_data.get("period") or str(DEFAULT_DAYS)
        if choice == CUSTOM:
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return Period.last_days(int(choice), today=today or business_today())


def period_query(form: PeriodForm) -> str:
    """Return the query string that selects the same period (for the CSV links), from a valid form."""
    choice = form.cleaned_data.get("period") or str(DEFAULT_DAYS)
    if choice != CUSTOM:
        return f"period={choice}"
    return f"period={CUSTOM}&start={form.cleaned_data['start']:%Y-%m-%d}&end={form.cleaned_data['end']:%Y-%m-%d}"
