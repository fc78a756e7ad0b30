"""The agency's figures against hand-computed expectations on a few seeded cases: periods and their
comparisons, the city's calendar at midnight and DST, districts and sectors, percentiles, the funnel
and the suppression of small groups."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from services.cases.events import case_event_record
from services.cases.models import CaseEvent
from services.statistics import selectors
from services.statistics.charts import chart_for
from services.statistics.dashboard import dashboard_table
from services.statistics.dimensions import case_dimensions, wz_section_of
from services.statistics.funnel_rollup import funnel_rollups_rebuild
from services.statistics.models import CaseFigure, WizardJourney
from services.statistics.selectors import FigureFilter
from services.statistics.services import (
    FunnelEvent,
    case_figures_refresh,
    funnel_event_record,
    funnel_journey,
    wizard_step_bit,
)
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, DepartmentFactory, ServiceFactory

pytestmark = pytest.mark.usefixtures("districts")

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def answers(
    *, postcode="47798", wz="47.71", kinds=("retail",), side="no", legal_form="einzelunternehmen", reason="new"
):
    return {
        "owner": {"legal_form": legal_form},
        "premises": {"postcode": postcode},
        "activity": {"wz_code": wz},
        "operation": {"business_kinds": list(kinds), "side_business": side},
        "reason": {"reason": reason},
    }


def case_at(when: datetime, **fields):
    fields.setdefault("answers", answers())
    case = CaseFactory(submitted_at=when, **fields)
    case_figures_refresh(case_ids=[case.pk])
    return case


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def service(db):
    return ServiceFactory()


def march_2026(**extra) -> FigureFilter:
    return FigureFilter(start=date(2026, 3, 1), end=date(2026, 3, 31), **extra)


# --- Periods --------------------------------------------------------------------------------------


def test_the_period_before_has_the_same_length_and_the_year_before_the_same_days():
    flt = march_2026()

    assert (flt.previous().start, flt.previous().end) == (date(2026, 1, 29), date(2026, 2, 28))
    assert (flt.year_before().start, flt.year_before().end) == (date(2025, 3, 1), date(2025, 3, 31))
    leap = FigureFilter(start=date(2028, 2, 1), end=date(2028, 2, 29)).year_before()
    assert (leap.start, leap.end) == (date(2027, 2, 1), date(2027, 2, 28))


def test_a_period_is_compared_with_the_period_before_and_the_same_period_a_year_before(service):
    for day in (1, 5, 10, 20, 31):
        case_at(local(2026, 3, day, 12), service=service)
    for day in (1, 14, 28):
        case_at(local(2026, 2, day, 12), service=service)
    case_at(local(2026, 1, 28, 12), service=service)  # a day before the period before
    for day in (2, 3, 4, 30):
        case_at(local(2025, 3, day, 12), service=service)

    assert selectors.volume_comparison(flt=march_2026()) == {service.pk: (5, 3, 4)}
    with translation.override("de"):
        rows = dashboard_table(flt=march_2026(), today=date(2026, 4, 1), name="comparison").german_rows()
    assert rows[0] == ["Gewerbeanmeldung", "5", "3", "66,7 %", "4", "25,0 %"]
    assert rows[-1][1:] == ["5", "3", "66,7 %", "4", "25,0 %"]


def test_days_are_the_citys_days_at_midnight_and_across_the_change_to_summer_time(service):
    case_at(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), service=service)  # 00:30 on the 29th in Krefeld (CET)
    case_at(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), service=service)  # 01:30 CET, before the clocks go forward
    case_at(datetime(2026, 3, 29, 21, 59, tzinfo=UTC), service=service)  # 23:59 CEST, still the 29th
    case_at(datetime(2026, 3, 31, 21, 59, 59, tzinfo=UTC), service=service)  # 23:59:59 CEST on the 31st
    case_at(datetime(2026, 3, 31, 22, 0, tzinfo=UTC), service=service)  # midnight: 1 April

    series = selectors.volume_series(flt=FigureFilter(start=date(2026, 3, 28), end=date(2026, 4, 1), resolution="day"))

    assert {day: sum(counts.values()) for day, counts in series.items()} == {
        date(2026, 3, 28): 0,
        date(2026, 3, 29): 3,
        date(2026, 3, 30): 0,
        date(2026, 3, 31): 1,
        date(2026, 4, 1): 1,
    }
    monthly = selectors.volume_series(flt=FigureFilter(start=date(2026, 3, 1), end=date(2026, 4, 30)))
    assert {day: sum(counts.values()) for day, counts in monthly.items()} == {date(2026, 3, 1): 4, date(2026, 4, 1): 1}


def test_weeks_start_on_monday():
    flt = FigureFilter(start=date(2026, 3, 4), end=date(2026, 3, 16), resolution="week")

    assert selectors.period_buckets(flt=flt) == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]


# --- What a case is counted by ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("47798", "mitte"), ("47799", "mitte"), ("47829", "uerdingen"), ("47839", "huels"), ("10115", ""), (None, "")],
)
def test_the_district_comes_from_the_business_postcode(postcode, district):
    assert case_dimensions(answers(postcode=postcode))["district"] == district


@pytest.mark.parametrize(
    ("code", "section"), [("47.71", "G"), ("01.1", "A"), ("56.10.1", "I"), ("62", "J"), ("99.00", "U"), ("", "")]
)
def test_the_wz_section_comes_from_the_division(code, section):
    assert wz_section_of(code) == section


def test_a_case_is_counted_by_reason_group_kinds_and_side_business():
    dims = case_dimensions(answers(kinds=("craft", "retail"), side="yes", reason="takeover_lease", legal_form="gmbh"))

    assert dims["reason"] == "takeover"
    assert dims["side_business"] is True
    assert dims["legal_form"] == "gmbh"
    assert dims["business_kinds"] == 0b1010


def test_breakdowns_count_by_district_and_kind_with_small_groups_shown_as_less_than_three(service):
    for _n in range(4):
        case_at(local(2026, 3, 10, 9), service=service, answers=answers(postcode="47798", kinds=("retail", "craft")))
    for _n in range(2):
        case_at(local(2026, 3, 11, 9), service=service, answers=answers(postcode="47829", kinds=("craft",)))
    flt = march_2026()

    assert selectors.volume_breakdowns(flt=flt)["district"] == {"mitte": 4, "uerdingen": 2}
    kinds = selectors.volume_breakdowns(flt=flt)["business_kind"]
    assert (kinds["retail"], kinds["craft"], kinds["industry"]) == (4, 6, 0)

    with translation.override("de"):
        table = dashboard_table(flt=flt, today=date(2026, 4, 1), name="district")
        rows = {row[0]: row[1:] for row in table.german_rows()}
    # Mitte's share gives away all six applications, so Uerdingen's two would be six minus Mitte's four:
    # Mitte is withheld too.
    assert rows["Mitte"] == ["–", "–"]
    assert rows["Uerdingen"] == ["< 3", "–"]
    assert rows["Hüls"] == ["0", "0,0 %"]
    by_value = {row[0]: row[1:] for row in table.as_json()["rows"]}
    assert by_value["Uerdingen"] == ["< 3", None]
    assert by_value["Mitte"] == [None, None]
    chart = chart_for(table, column=1, description="")
    uerdingen = next(bar for bar in chart.bars if bar.label == "Uerdingen")
    assert (uerdingen.text, uerdingen.width) == ("< 3", 0)


def test_filters_narrow_every_figure_to_a_department_and_a_district(service):
    other = DepartmentFactory(code="bezirk-sued", name="Bezirksstelle Süd")
    case_at(local(2026, 3, 10, 9), service=service, department=service.department, answers=answers(postcode="47798"))
    case_at(local(2026, 3, 10, 9), service=service, department=other, answers=answers(postcode="47798"))
    case_at(local(2026, 3, 10, 9), service=service, department=other, answers=answers(postcode="47805"))

    assert selectors.volume_breakdowns(flt=march_2026(department=other))["district"] == {"mitte": 1, "sued": 1}
    assert selectors.volume_breakdowns(flt=march_2026(district="mitte"))["department"] == {
        service.department.pk: 1,
        other.pk: 1,
    }


# --- Processing ---------------------------------------------------------------------------------------


def test_processing_times_give_median_and_90th_percentile_within_due_share_and_information_requests(service):
    received = local(2026, 3, 2, 10)
    for index, waited in enumerate((1, 2, 3, 4, 10, 20)):
        case = CaseFactory(
            service=service,
            department=service.department,
            answers=answers(),
            submitted_at=received,
            status=CaseStatus.APPROVED,
            decided_at=received + timedelta(days=waited),
            due_date=(received + timedelta(days=5)).date(),
        )
        if index < 3:
            case_event_record(case=case, kind=CaseEvent.Kind.TRANSITION, data={"transition": "request_information"})
    case_figures_refresh()

    row = selectors.processing_breakdowns(flt=march_2026())["service"][service.pk]

    assert (row["cases"], row["decided"]) == (6, 6)
    assert row["median"] == pytest.approx(3.5)
    assert row["p90"] == pytest.approx(15.0)  # 10 + 0.5 * (20 - 10)
    assert (row["within_due"], row["with_due"]) == (4, 6)
    assert row["requested"] == 3
    with translation.override("de"):
        rows = dashboard_table(flt=march_2026(), today=date(2026, 4, 1), name="processing_service").german_rows()
    assert rows == [["Gewerbeanmeldung", "6", "6", "3,5", "15,0", "66,7 %", "50,0 %"]]


def test_processing_times_of_fewer_than_three_decisions_are_withheld(service):
    received = local(2026, 3, 2, 10)
    for waited in (1, 2):
        case_at(received, service=service, status=CaseStatus.APPROVED, decided_at=received + timedelta(days=waited))

    with translation.override("de"):
        rows = dashboard_table(flt=march_2026(), today=date(2026, 4, 1), name="processing_service").german_rows()

    assert rows == [["Gewerbeanmeldung", "< 3", "< 3", "–", "–", "–", "–"]]


def test_the_backlog_counts_open_cases_by_age(service):
    today = date(2026, 3, 31)
    for age in (0, 7, 7, 8, 30, 31, 61, 400):
        case_at(local(2026, 3, 31, 10) - timedelta(days=age), service=service)
    case_at(local(2026, 3, 31, 10), service=service, status=CaseStatus.APPROVED, decided_at=local(2026, 3, 31, 11))

    assert selectors.backlog_by_age(flt=march_2026(), today=today) == [3, 1, 1, 1, 2]


# --- Rollup kept by the case's writes -------------------------------------------------------------------


def test_a_case_event_brings_the_cases_figures_up_to_date(service):
    case = CaseFactory(service=service, answers=answers(postcode="47829"), submitted_at=local(2026, 3, 2, 10))
    assert not CaseFigure.objects.filter(case_id=case.pk).exists()

    case_event_record(case=case, kind=CaseEvent.Kind.SUBMITTED)
    figure = CaseFigure.objects.get(case_id=case.pk)
    assert (figure.district, figure.open, figure.information_requested) == ("uerdingen", True, False)

    case.status = CaseStatus.INFORMATION_REQUESTED
    case.save()
    case_event_record(case=case, kind=CaseEvent.Kind.TRANSITION, data={"transition": "request_information"})
    figure.refresh_from_db()
    assert (figure.open, figure.information_requested) == (True, True)


# --- Funnel -------------------------------------------------------------------------------------------


def journey(service, number: int, *, steps=(), submitted_after=None, started=None):
    """A draft's way through the wizard as ``funnel_event_record`` keeps it, started at a chosen time."""
    started = started or local(2026, 3, 5, 9)
    WizardJourney.objects.create(
        journey=funnel_journey(draft_key=f"00000000-0000-0000-0000-{number:012d}"),
        service=service,
        started_at=started,
        steps_done=sum(1 << wizard_step_bit(service_id=service.pk, name=step) for step in steps),
        last_step=steps[-1] if steps else "",
        submitted_at=started + timedelta(seconds=submitted_after) if submitted_after is not None else None,
        seconds=submitted_after,
    )
    funnel_rollups_rebuild()  # the journey is written here by hand, not by ``funnel_event_record``


def test_the_funnel_counts_starts_steps_stops_submissions_and_the_median_time(service):
    for number, seconds in enumerate((300, 600, 1200)):
        journey(service, number, steps=("owner", "business", "review"), submitted_after=seconds)
    for number in range(3, 6):
        journey(service, number, steps=("owner",))
    journey(service, 6)
    journey(service, 7, started=local(2026, 2, 28, 23, 59))  # before the period

    figures = selectors.funnel_figures(flt=march_2026())[service.pk]

    assert (figures["started"], figures["submitted"], figures["median_seconds"]) == (7, 3, 600)
    assert figures["steps"] == {"owner": 6, "business": 3, "review": 3}
    assert figures["stops"] == {"owner": 3, "": 1}
    with translation.override("de"):
        funnel = dashboard_table(flt=march_2026(), today=date(2026, 4, 1), name="funnel").german_rows()
        steps = dashboard_table(flt=march_2026(), today=date(2026, 4, 1), name="funnel_steps").german_rows()
    assert funnel == [["Gewerbeanmeldung", "7", "3", "42,9 %", "10,0"]]
    assert steps[0][2:] == ["", "", "< 3"]  # one draft stopped before the first step
    owner = next(row for row in steps if row[1] == "Rechtsform")
    # Drafts given up add up to started minus submitted (4): the three after "owner" are withheld, else
    # they would give away the one before the first step.
    assert owner[2:] == ["6", "85,7 %", "–"]


def test_a_drafts_start_and_submission_count_once_and_its_journey_keeps_the_steps_and_the_time(service):
    key = "5b0c1a5e-0000-4000-8000-000000000001"
    funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STARTED)
    funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STARTED)
    funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STEP_COMPLETED, step="owner")
    funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STEP_COMPLETED, step="business")
    funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.SUBMITTED)
    funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.SUBMITTED)
    funnel_event_record(service=service, draft_key="5b0c1a5e-0000-4000-8000-000000000002", kind="submitted")

    journey = WizardJourney.objects.get()
    assert journey.journey == funnel_journey(draft_key=key)
    assert str(journey.journey) != key
    assert (journey.steps_done, journey.last_step, journey.seconds) == (0b11, "business", 0)
    assert journey.submitted_at is not None
