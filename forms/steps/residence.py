"""Residence titles of the persons who are not EU, EEA or Swiss nationals.

A person without free movement may run a business only with a residence title
that allows self-employment, so the GewA 1 asks for it per person.
"""

from collections.abc import Collection

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import date_field, other_text_clean, select_field, shown_with, yes_no_field

TITLE_KIND_CHOICES = [
    ("residence_permit", _("Residence permit (Aufenthaltserlaubnis)")),
    ("self_employment_permit", _("Residence permit for self-employment (§ 21 AufenthG)")),
    ("blue_card", _("EU Blue Card")),
    ("settlement_permit", _("Settlement permit (Niederlassungserlaubnis)")),
    ("permanent_eu", _("Permanent residence EU (Daueraufenthalt-EU)")),
    ("visa", _("National visa")),
    ("fictional_certificate", _("Fictional certificate (Fiktionsbescheinigung)")),
    ("other", _("Other")),
]
# These titles are not limited in time.
UNLIMITED_TITLES = {"settlement_permit", "permanent_eu"}

SELF_EMPLOYMENT_CHOICES = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("pending", _("Applied for, not yet decided")),
]
DOCUMENT_CODE = "residence_title"
# Who issued the title of a person living in the city: most likely the city's own foreigners' authority.
CITY_OFFICE = "city"
OTHER_OFFICE = "other"


def residence_key(index: int, name: str) -> str:
    """The answer key of one person's field, e.g. ``p1_title_kind`` for the second person."""
    return f"p{index}_{name}"


def _authority_office_field(name: str) -> forms.ChoiceField:
    """For a person living in the city: its foreigners' authority, or another one to name."""
    return forms.ChoiceField(
        label=_("Issuing authority"),
        choices=[
            (CITY_OFFICE, _("The foreigners' authority (Ausländerbehörde) of %(city)s") % {"city": settings.CITY_NAME}),
            (OTHER_OFFICE, _("Another authority")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say which authority issued the residence title of %(name)s.") % {"name": name}},
    )


def _authority_missing(name: str) -> str:
    return _("Enter the authority that issued the residence title of %(name)s.") % {"name": name}


def _authority_field(index: int, name: str, *, resident: bool) -> forms.CharField:
    """The authority's name: typed by everyone, except a resident who chose the city's own."""
    if not resident:
        return forms.CharField(
            label=_("Issuing authority"),
            max_length=200,
            help_text=_("The foreigners' authority (Ausländerbehörde) or embassy, e.g. Stadt Krefeld."),
            error_messages={"required": _authority_missing(name)},
        )
    # Required with "another authority" only (``ResidenceForm.clean``).
    return shown_with(
        forms.CharField(
            label=_("Name of the issuing authority"),
            max_length=200,
            required=False,
            help_text=_("Only for another authority, e.g. Stadt Düsseldorf or the German embassy in Ankara."),
        ),
        choice=residence_key(index, "authority_office"),
        value=OTHER_OFFICE,
    )


class ResidenceForm(DocumentForm):
    """One group of fields per person: ``persons`` lists (index in the persons step, name);
    ``residents`` the indexes of those who live in the city, who choose its foreigners'
    authority instead of typing it."""

    def __init__(self, *args, persons: list[tuple[int, str]] = (), residents: Collection[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = list(persons)
        self.residents = set(residents)
        for index, name in self.persons:
            self.fields[residence_key(index, "title_kind")] = select_field(
                _("Kind of residence title"),
                choices=TITLE_KIND_CHOICES,
                required_message=_("Select the kind of residence title of %(name)s.") % {"name": name},
            )
            if index in self.residents:
                self.fields[residence_key(index, "authority_office")] = _authority_office_field(name)
            self.fields[residence_key(index, "authority")] = _authority_field(
                index, name, resident=index in self.residents
            )
            self.fields[residence_key(index, "issue_date")] = date_field(
                _("Date of issue"),
                required_message=_("Enter the date the residence title of %(name)s was issued.") % {"name": name},
            )
            self.fields[residence_key(index, "valid_until")] = date_field(
                _("Valid until"),
                required=False,
                help_text=_("Not needed for a settlement permit or permanent residence EU."),
            )
            self.fields[residence_key(index, "self_employment")] = yes_no_field(
                _("Does the title allow self-employment?"),
                choices=SELF_EMPLOYMENT_CHOICES,
                help_text=_("See the auxiliary provisions (Nebenbestimmungen) of the title."),
                required_message=_("Say whether the title of %(name)s allows self-employment.") % {"name": name},
            )
            # Whether self-employment is allowed is the question above; only what limits it further is typed.
            self.fields[residence_key(index, "conditions")] = forms.CharField(
                label=_("Further conditions and restrictions (Auflagen)"),
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Only if the title says more than “Selbständige Tätigkeit gestattet”, as written in it, "
                    "e.g. “Selbständige Tätigkeit nur als Friseur gestattet”. Otherwise leave it empty."
                ),
            )
            self.document_field_add(
                residence_key(index, "document"),
                DocumentField(
                    document_code=DOCUMENT_CODE,
                    person=name,
                    label=_("Residence title"),
                    help_text=_("Front and back of the residence title card or the visa page."),
                ),
            )

    def parts(self) -> list[tuple[str, list[str]]]:
        """Each person's questions under the person's name: a fieldset on the page, a section in the summary."""
        return [
            (
                gettext("Residence title of %(name)s") % {"name": name},
                [field for field in self.fields if field.startswith(residence_key(index, ""))],
            )
            for index, name in self.persons
        ]

    def part_fields(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names if not self[name].is_hidden]) for title, names in self.parts()]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for index, name in self.persons:
            if index in self.residents:
                other_text_clean(
                    self,
                    cleaned,
                    choice=residence_key(index, "authority_office"),
                    other=residence_key(index, "authority"),
                    message=_authority_missing(name),
                )
            kind = cleaned.get(residence_key(index, "title_kind"))
            until_key = residence_key(index, "valid_until")
            until = cleaned.get(until_key)
            if kind in UNLIMITED_TITLES:
                cleaned[until_key] = None
            elif kind and until is None and until_key not in self.errors:
                self.add_error(
                    until_key, ValidationError(_("Enter the date until which the title is valid."), code="required")
                )
            elif until is not None and until < today:
                self.add_error(until_key, ValidationError(_("This title has expired."), code="expired"))
            issued_key = residence_key(index, "issue_date")
            issued = cleaned.get(issued_key)
            if issued is not None and issued > today:
                self.add_error(
                    issued_key, ValidationError(_("The date of issue cannot be in the future."), code="issue_future")
                )
        return cleaned
