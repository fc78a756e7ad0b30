"""The founding guide's questions and their answers: the vocabulary its rules are written in.

The questionnaire form, the rules' validation in the admin and the checklist selector all
read this one declaration. A rule names a question by its code and lists the answer codes
for which it holds, so renaming a code here means updating the rules (``GuideRule``).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

YES = "yes"
NO = "no"
YES_NO = ((YES, _("Yes")), (NO, _("No")))


@dataclass(frozen=True)
class Question:
    code: str
    label: Promise
    # Said when the question is left unanswered, GOV.UK style: what to do, for this question.
    required_message: Promise
    choices: tuple[tuple[str, Promise], ...] = YES_NO
    help_text: Promise | str = ""

    @property
    def answer_codes(self) -> set[str]:
        return {code for code, _label in self.choices}


# (section title, questions): the page shows one fieldset per question, grouped under these headings.
SECTIONS: tuple[tuple[Promise, tuple[Question, ...]], ...] = (
    (
        _("Your business"),
        (
            Question(
                "activity",
                _("What will your business mainly do?"),
                _("Select what your business will mainly do"),
                choices=(
                    ("trade", _("Sell goods (shop, online shop, market stall, wholesale)")),
                    ("service", _("Offer services (e.g. cleaning, IT, agency, transport)")),
                    ("production", _("Make goods (manufacturing, workshop)")),
                    ("hospitality", _("Food, drink or accommodation (café, restaurant, catering, guest house)")),
                    ("freelance", _("A liberal profession (e.g. doctor, architect, translator, artist)")),
                ),
                help_text=_("Liberal professions (freie Berufe) do not register a trade."),
            ),
            Question(
                "legal_form",
                _("Which legal form will your business have?"),
                _("Select the legal form, or that you have not decided yet"),
                choices=(
                    ("sole", _("Sole proprietorship, not registered (Einzelunternehmen)")),
                    ("gbr", _("Civil-law partnership of two or more people (GbR)")),
                    ("ek", _("Registered merchant (e.K.)")),
                    ("partnership", _("General or limited partnership (OHG, KG, GmbH & Co. KG)")),
                    ("company", _("Limited liability company (GmbH or UG)")),
                    ("other", _("Another legal form, or not decided yet")),
                ),
            ),
            Question(
                "premises",
                _("Where will you work?"),
                _("Select where you will work"),
                choices=(
                    ("premises", _("In premises of the business (shop, office, workshop, restaurant)")),
                    ("home", _("At home")),
                    ("none", _("Without fixed premises (mobile or only online)")),
                ),
            ),
            Question(
                "craft",
                _("Is your business a craft trade?"),
                _("Select yes if your business is a craft trade"),
                help_text=_("For example hairdresser, electrician, baker, cosmetician or joiner (Handwerk)."),
            ),
            Question(
                "travelling",
                _("Will you offer goods or services away from your premises without a prior order?"),
                _("Select yes if you will offer goods or services away from your premises"),
                help_text=_("For example at markets, from door to door or as a showman (Reisegewerbe)."),
            ),
        ),
    ),
    (
        _("Food and drink"),
        (
            Question(
                "food",
                _("Will you sell, make or serve food or drinks?"),
                _("Select yes if you will sell, make or serve food or drinks"),
            ),
            Question(
                "alcohol",
                _("Will you serve alcoholic drinks to be consumed on the premises?"),
                _("Select yes if you will serve alcoholic drinks on the premises"),
            ),
            Question(
                "outdoor_seating",
                _("Will you put tables, chairs or other items on the pavement or a public square?"),
                _("Select yes if you will use the pavement or a public square"),
            ),
        ),
    ),
    (
        _("Staff"),
        (
            Question(
                "employees",
                _("Will you employ staff?"),
                _("Select yes if you will employ staff"),
                help_text=_("Including part-time staff and mini-jobs."),
            ),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {question.code: question for _title, questions in SECTIONS for question in questions}
