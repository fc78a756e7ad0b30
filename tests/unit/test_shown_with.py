"""Questions asked only after one answer to another are marked for the reveal script, with the
question's prefixed name, so the wizard shows them only when they apply."""

import pytest
from django.template.loader import render_to_string

from forms.applications.gaststaettenerlaubnis.steps import EstablishmentForm
from forms.applications.gewerbeanmeldung.steps import PermitForm
from forms.applications.reisegewerbekarte.steps import ActivityForm
from forms.applications.sondernutzung.steps import PeriodForm


@pytest.mark.parametrize(
    ("form_class", "prefix", "field", "choice", "value"),
    [
        (PermitForm, "permit", "permit_kind_other", "permit_kind", "other"),
        (EstablishmentForm, "establishment", "kind_other", "kind", "other"),
        (PeriodForm, "period", "season_year", "period_kind", "season"),
        (PeriodForm, "period", "start_date", "period_kind", "period"),
        (PeriodForm, "period", "end_date", "period_kind", "period"),
        # Any of several checkboxes: the answers separated by spaces.
        (ActivityForm, "activity", "goods", "activities", "sell_goods goods_orders buy_goods"),
        (ActivityForm, "activity", "services", "activities", "offer_services service_orders"),
        (ActivityForm, "activity", "entertainment", "activities", "showman"),
    ],
)
def test_a_question_for_one_answer_is_marked_with_that_answer(form_class, prefix, field, choice, value):
    html = render_to_string("includes/field.html", {"field": form_class(prefix=prefix)[field]})

    assert f'data-shown-with="{prefix}-{choice}" data-shown-value="{value}"' in html


def test_a_question_for_everyone_is_not_marked():
    html = render_to_string("includes/field.html", {"field": PermitForm(prefix="permit")["authority"]})

    assert "data-shown-with" not in html
