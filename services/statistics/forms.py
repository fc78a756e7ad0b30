from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms.steps.fields import date_field
from services.catalog.models import Department, Service
from services.catalog.selectors import district_choices
from services.statistics.dashboard import RESOLUTION_UNITS
from services.statistics.selectors import FigureFilter

# The longest period one view may span (the comparison reads twice as far back again).
MAX_PERIOD_DAYS = 10 * 366
# Days per bucket are shown for up to this many days; longer periods need weeks or months.
MAX_DAY_BUCKETS = 366


def default_period(today: date) -> tuple[date, date]:
    """The twelve full months before the current one."""
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    for _month in range(11):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, end


def _district_options() -> list[tuple[str, str]]:
    return [("", _("All districts")), *district_choices()]


class FigureFilterForm(forms.Form):
    """The dashboard's filters, read from the URL (GET), so a view can be bookmarked and shared."""

    # Day, month and year as three inputs, as in the wizards (``start_day=1&start_month=3&start_year=2026``
    # in the URL); a shared link with one ISO date (``start=2026-03-01``) still works.
    start = date_field(_("From"))
    end = date_field(_("To"))
    resolution = forms.ChoiceField(label=_("Counted per"), choices=RESOLUTION_UNITS, initial="month")
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.all(),
        required=False,
        empty_label=_("All services"),
        to_field_name="slug",
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
        to_field_name="code",
    )
    district = forms.ChoiceField(label=_("City district"), choices=_district_options,
                                 required=False)  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", ValidationError(_("The end must not lie before the start."), code="order"))
            elif (end - start).days >= MAX_PERIOD_DAYS:
                self.add_error("start", ValidationError(_("Choose a period of at most ten years."), code="span"))
            elif cleaned.get("resolution") == "day" and (end - start).days >= MAX_DAY_BUCKETS:
                self.add_error(
                    "resolution",
                    ValidationError(_("Per day is possible for up to a year; choose weeks or months."), code="days"),
                )
        return cleaned

    def figure_filter(self) -> FigureFilter:
        data = self.cleaned_data
        return FigureFilter(
            start=data["start"],
            end=data["end"],
            resolution=data["resolution"],
            service=data.get("service"),
            department=data.get("department"),
            district=data.get("district") or "",
        )


def figure_filter_form(*, query, today: date) -> FigureFilterForm:
    """The form for the URL's query; an empty query means the default view (the last twelve months)."""
    start, end = default_period(today)
    data = query.copy()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    data.setdefault("resolution", "month")
    return FigureFilterForm(data)
