"""A natural person as the GewA 1 asks for them (owner, partner, managing director, …)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from forms.steps.address import AddressForm
from forms.steps.countries import GERMANY, country_choices
from forms.steps.fields import SelectField, date_field, require_with, select_field
from forms.steps.legal_forms import legal_form_get
from forms.validators import validate_date_of_birth, validate_phone, validate_postcode

SEX_CHOICES = [
    ("male", _("male")),
    ("female", _("female")),
    ("diverse", _("diverse")),
    ("not_stated", _("not stated")),
]


def _nationality_choices():
    return country_choices(stateless=True)


def _further_nationality_choices():
    return [("", _("None")), *country_choices()]


def person_name(person: dict) -> str:
    """Given names and surname of a person's answer, e.g. "Anna Schmidt"."""
    return " ".join(filter(None, [person.get("given_names", ""), person.get("surname", "")]))


def person_nationalities(person: dict) -> list[str]:
    """The ISO codes of every nationality a person's answer gives."""
    return [code for code in (person.get("nationality"), person.get("further_nationality")) if code]


class PersonForm(AddressForm):
    surname = forms.CharField(
        label=_("Surname"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    given_names = forms.CharField(
        label=_("Given names"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    birth_name = forms.CharField(
        label=_("Birth name"), max_length=100, required=False, help_text=_("Only if it differs from the surname.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, widget=forms.RadioSelect)
    nationality = select_field(
        _("Nationality"), choices=_nationality_choices, required_message=_("Select the nationality of this person.")
    )
    further_nationality = SelectField(
        label=_("Further nationality"),
        choices=_further_nationality_choices,
        required=False,
        help_text=_("Only if the person has more than one nationality."),
    )
    date_of_birth = date_field(
        _("Date of birth"),
        validators=[validate_date_of_birth],
        autocomplete="bday",
        help_text=_(
            "Founders aged 16 or 17 need the approval of the family court (§ 112 BGB); please upload it with "
            "the other documents."
        ),
    )
    place_of_birth = forms.CharField(label=_("Place of birth"), max_length=100)
    birth_country = select_field(
        _("Country of birth"), choices=country_choices, required_message=_("Select the country of birth.")
    )
    country = SelectField(label=_("Country"), choices=country_choices, initial=GERMANY)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    field_order = [
        "surname",
        "given_names",
        "birth_name",
        "sex",
        "date_of_birth",
        "place_of_birth",
        "birth_country",
        "nationality",
        "further_nationality",
        "street",
        "house_number",
        "postcode",
        "city",
        "country",
        "phone",
        "email",
    ]

    def __init__(self, *args, legend: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The wizard template shows it as the fieldset legend ("Managing director 2").
        self.legend = legend
        require_with(
            self,
            {
                "surname": _("Enter the surname."),
                "given_names": _("Enter the given names."),
                "sex": _("Choose the sex as in the passport or identity card."),
                "date_of_birth": _("Enter the date of birth."),
                "place_of_birth": _("Enter the place of birth."),
                "street": _("Enter the street of the home address."),
                "house_number": _("Enter the house number of the home address."),
                "postcode": _("Enter the postcode of the home address."),
                "city": _("Enter the town of the home address."),
                "country": _("Choose the country of the home address."),
            },
        )
        self.fields["email"].error_messages["invalid"] = _("Enter the e-mail address like name@example.de.")

    def clean(self):
        cleaned = super().clean()
        postcode = cleaned.get("postcode")
        if postcode and cleaned.get("country") == GERMANY:
            try:
                validate_postcode(postcode)
            except forms.ValidationError as error:
                self.add_error("postcode", error)
        return cleaned


class BasePersonFormSet(forms.BaseFormSet):
    """The persons to report; how many and in which role depends on the legal form."""

    # The wizard's button for one more entry (every formset step declares its own).
    add_label = _("Add another person")

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": ngettext_lazy(
            "Please enter at least %(num)d person.", "Please enter at least %(num)d persons.", "num"
        ),
        "too_many_forms": ngettext_lazy(
            "Please enter at most %(num)d person.", "Please enter at most %(num)d persons.", "num"
        ),
    }

    def __init__(self, *args, legal_form: str | None = None, **kwargs):
        self.legal_form = legal_form_get(legal_form)
        self.min_num = self.legal_form.min_persons
        self.max_num = self.legal_form.max_persons
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["legend"] = self.role_label(index)
        return kwargs

    def role_label(self, index: int) -> str:
        if self.max_num == 1:
            return str(self.legal_form.role)
        return f"{self.legal_form.role} {index + 1}"

    def section_title(self, index: int, person: dict) -> str:
        """The summary's heading of one person, e.g. "Managing director 2: Anna Schmidt"."""
        return f"{self.role_label(index)}: {person_name(person)}"


PersonFormSet = forms.formset_factory(
    PersonForm,
    formset=BasePersonFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=1,
    validate_max=True,
    absolute_max=50,
)
