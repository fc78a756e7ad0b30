"""The inbox's filter form (read from the URL) and its search form (posted, kept in the session)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from services.cases.selectors import Assignment, InboxOrder
from services.catalog.models import Service
from services.workflow.transitions import CaseStatus

ALL_STATUSES = "all"
# The three parts of a date the GOV.UK date input asks for, in the order shown.
DATE_PARTS = ("day", "month", "year")


class InboxFilterForm(forms.Form):
    """Filters of the inbox. Every field is optional; a filter that does not validate is left out
    and its message shown next to it, so no address a clerk bookmarks can break the page."""

    # Each date is asked as day, month and year (GOV.UK date input); these name the dates.
    date_fields = {"received_from": _("Received on or after"), "received_to": _("Received on or before")}

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open cases")), (ALL_STATUSES, _("All statuses")), *CaseStatus.choices],
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.only("slug", "name"),
        to_field_name="slug",
        empty_label=_("All services"),
    )
    assignment = forms.ChoiceField(
        label=_("Assigned to"), required=False, choices=[("", _("Anyone")), *Assignment.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue cases"), required=False)
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=InboxOrder.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The services on offer, read once with a plain query (the field's own choices would run it
        # on every pass, through a server-side cursor: three round trips on PostgreSQL).
        service = self.fields["service"]
        service.choices = [("", service.empty_label), *((s.slug, s.name) for s in service.queryset)]
        for name in self.date_fields:
            for part, label, digits in zip(DATE_PARTS, (_("Day"), _("Month"), _("Year")), (2, 2, 4), strict=True):
                self.fields[f"{name}_{part}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=digits,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": f"date-input-{part}"}),
                )

    def clean(self):
        cleaned = super().clean()
        for name, legend in self.date_fields.items():
            parts = [(cleaned.get(f"{name}_{part}") or "").strip() for part in DATE_PARTS]
            cleaned[name] = None
            if not any(parts):
                continue
            # The message goes to the day input: the error summary links there, the first of the three.
            if not all(part.isdigit() for part in parts):
                self.add_error(
                    f"{name}_day",
                    _("%(date)s must include a day, month and year in numbers.") % {"date": legend},
                )
                continue
            day, month, year = (int(part) for part in parts)
            try:
                if year < 1900:
                    raise ValueError
                cleaned[name] = date(year, month, day)
            except ValueError:
                self.add_error(f"{name}_day", _("%(date)s must be a real date.") % {"date": legend})
        received_from, received_to = cleaned.get("received_from"), cleaned.get("received_to")
        if received_from and received_to and received_from > received_to:
            self.add_error("received_to_day", _("The end of the period must be the same as or after its start."))
            cleaned["received_to"] = None
        return cleaned

    def date_inputs(self) -> list[dict]:
        """The date fields as the template's GOV.UK date input renders them: legend, error, three inputs."""
        inputs = []
        for name, legend in self.date_fields.items():
            bound = [self[f"{name}_{part}"] for part in DATE_PARTS]
            inputs.append({"name": name, "legend": legend, "parts": bound, "errors": bound[0].errors})
        return inputs

    def rendering_key(self) -> str:
        """Besides the language and the submitted filters, what the rendered form depends on: the
        services on offer. The inbox keeps the form's HTML in the cache under these (rendering its
        dozen widgets took a fifth of the page's time)."""
        return "|".join(f"{value}={label}" for value, label in self.fields["service"].choices)

    def selected(self) -> dict:
        """The filters as the selectors take them: only those that validated."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        return {
            "status": data.get("status") or "",
            "service": data.get("service"),
            "assignment": data.get("assignment") or "",
            "overdue": bool(data.get("overdue")),
            "received_from": data.get("received_from"),
            "received_to": data.get("received_to"),
            "order": data.get("order") or InboxOrder.DUE,
        }


class InboxSearchForm(forms.Form):
    """The search term is personal data (a name, an e-mail): it is posted, never put into the URL."""

    q = forms.CharField(
        label=_("Search cases"),
        help_text=_("Reference, surname, trade name or e-mail address; a part of a word is enough."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
