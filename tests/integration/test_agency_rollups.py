"""The dashboard's rollups (``FigureDay``, ``FigureMonth``) kept by the case's own writes stay equal to a
recomputation from the figure rows, and the figures read from them equal those read from the figure
rows whether a period covers whole months or not."""

import io
import math
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from services.cases.events import case_event_record
from services.cases.models import CaseEvent
from services.routing.services import case_reroute
from services.statistics import selectors
from services.statistics.funnel_rollup import funnel_rollups_rebuild
from services.statistics.models import CaseFigure, FigureDay, FigureMonth, FunnelMonth
from services.statistics.rollups import figure_rollups_rebuild
from services.statistics.selectors import FigureFilter, histogram_percentile, period_months_split
from services.statistics.services import FunnelEvent, case_figures_refresh, funnel_event_record
from services.workflow.services import case_transition
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, ClerkFactory, DepartmentFactory, ServiceFactory, SupervisorFactory
from tests.integration.test_agency_figures import answers, local

pytestmark = pytest.mark.usefixtures("districts")  # the catalog's postcode table


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def cells() -> tuple[set, set]:
    """Both rollups' cells that count something, as comparable tuples."""
    days = {
        (c.day, c.service, c.department, c.district, c.cases, c.open, c.decided, c.with_due, c.within_due, c.requested)
        for c in FigureDay.objects.exclude(cases=0)
    }
    months = {
        (c.month, c.service, c.department, c.district, c.dimension, c.value, c.cases)
        for c in FigureMonth.objects.exclude(cases=0)
    }
    return days, months


def recomputed() -> tuple[set, set]:
    figure_rollups_rebuild()
    return cells()


@pytest.fixture
def people(db):
    service = ServiceFactory()
    uerdingen = DepartmentFactory(code="bezirksstelle-uerdingen", name="Bezirksstelle Uerdingen")
    return {
        "service": service,
        "uerdingen": uerdingen,
        "clerk": ClerkFactory(departments=[service.department]),
        "supervisor": SupervisorFactory(departments=[service.department]),
    }


def submitted(service, when, **fields):
    case = CaseFactory(service=service, department=service.department, submitted_at=when, **fields)
    case_event_record(case=case, kind=CaseEvent.Kind.SUBMITTED)
    return case


def test_the_rollups_follow_submissions_transitions_and_re_routes(people):
    service, clerk = people["service"], people["clerk"]
    kinds = [("retail",), ("craft", "retail"), ("industry",), ("retail",)]
    cases = [
        submitted(service, local(2026, 3, 2 + n, 10), answers=answers(postcode=postcode, kinds=kinds[n], side=side))
        for n, (postcode, side) in enumerate([("47798", "no"), ("47829", "yes"), ("47798", "no"), ("47839", "no")])
    ]
    assert cells() == recomputed()
    assert FigureDay.objects.filter(open__gt=0, department=-1, district="*").count() == 4  # all of either

    for case in cases[:3]:
        case_transition(case=case, transition="start_review", actor=clerk)
    case_transition(case=cases[0], transition="request_information", actor=clerk, text="Bitte den Pachtvertrag.")
    case_transition(case=cases[0], transition="provide_information", actor=cases[0].applicant, text="Anbei.")
    case_transition(case=cases[0], transition="approve", actor=clerk)
    case_transition(case=cases[1], transition="reject", actor=clerk, text="Unvollständig.")
    case_reroute(case=cases[2], department=people["uerdingen"], reason="Zuständigkeit", actor=people["supervisor"])
    before_rebuild = cells()

    assert before_rebuild == recomputed()
    days = {cell[:4]: cell[4:] for cell in before_rebuild[0]}
    approved = days[(date(2026, 3, 2), service.pk, service.department.pk, "mitte")]
    assert approved[:3] == (1, 0, 1) and approved[5] == 1  # one case, not open, decided, information requested
    assert days[(date(2026, 3, 4), service.pk, people["uerdingen"].pk, "mitte")][:2] == (1, 1)
    assert not FigureDay.objects.filter(department=service.department.pk, day=date(2026, 3, 4)).exclude(cases=0)
    assert days[(date(2026, 3, 4), service.pk, -1, "*")][:2] == (1, 1)
    months = Counter()
    for cell in before_rebuild[1]:
        if cell[2:4] == (-1, "*"):  # every department and district
            months[cell[4:6]] += cell[6]
    assert (months["business_kind", "retail"], months["business_kind", "craft"]) == (3, 1)
    assert (months["side_business", "true"], months["side_business", "false"]) == (1, 3)
    assert sum(n for (dimension, _value), n in months.items() if dimension == "days") == 2


def test_a_refresh_of_figure_rows_moves_the_rollups_and_a_second_changes_nothing(people):
    service = people["service"]
    case = CaseFactory(service=service, department=service.department, submitted_at=local(2026, 3, 31, 23, 30),
                       answers=answers(postcode="47829"))  # fmt: skip
    case_figures_refresh(case_ids=[case.pk])
    first = cells()
    case_figures_refresh()
    assert cells() == first == recomputed()

    case.status = CaseStatus.APPROVED
    case.decided_at = case.submitted_at + timedelta(days=2, hours=13)
    case.department = people["uerdingen"]
    case.answers = answers(postcode="47798", wz="62.01")
    case.save()
    case_figures_refresh(case_ids=[case.pk])

    assert cells() == recomputed()
    months = Counter()
    for cell in cells()[1]:
        if cell[2:4] == (-1, "*"):
            months[cell[4:6]] += cell[6]
    assert months[("days", "3")] == 1  # 2.54 days, rounded to the nearest whole day
    assert months[("wz_section", "J")] == 1 and ("wz_section", "G") not in months


@pytest.mark.parametrize(
    ("start", "end", "months", "edges"),
    [
        (date(2026, 3, 1), date(2026, 3, 31), (date(2026, 3, 1), date(2026, 3, 1)), []),
        (date(2026, 3, 2), date(2026, 3, 31), None, [(date(2026, 3, 2), date(2026, 3, 31))]),
        (
            date(2025, 12, 15),
            date(2026, 3, 10),
            (date(2026, 1, 1), date(2026, 2, 1)),
            [(date(2025, 12, 15), date(2025, 12, 31)), (date(2026, 3, 1), date(2026, 3, 10))],
        ),
        (date(2028, 2, 1), date(2028, 2, 29), (date(2028, 2, 1), date(2028, 2, 1)), []),
        (date(2026, 3, 5), date(2026, 3, 5), None, [(date(2026, 3, 5), date(2026, 3, 5))]),
    ],
)
def test_a_period_splits_into_whole_months_and_the_days_around_them(start, end, months, edges):
    assert period_months_split(start=start, end=end) == (months, edges)


def test_percentiles_from_a_histogram_interpolate_as_percentile_cont():
    assert histogram_percentile({1: 1, 2: 1, 3: 1, 4: 1, 10: 1, 20: 1}, 0.5) == pytest.approx(3.5)
    assert histogram_percentile({1: 1, 2: 1, 3: 1, 4: 1, 10: 1, 20: 1}, 0.9) == pytest.approx(15.0)
    assert histogram_percentile({5: 3}, 0.9) == 5
    assert histogram_percentile({0: 2, 7: 2}, 0.5) == pytest.approx(3.5)
    assert histogram_percentile({}, 0.5) is None


def test_figures_are_the_same_for_whole_months_and_for_periods_cut_inside_months(people):
    """Read once through the monthly rollup and once through the figure rows of the days around it."""
    service = people["service"]
    for day, waited, postcode, kinds in [
        (1, 1, "47798", ("retail",)),
        (2, 4, "47829", ("craft", "retail")),
        (15, 2, "47798", ("industry",)),
        (31, 9, "47839", ("retail",)),
        (31, None, "47798", ("craft",)),
    ]:
        received = local(2026, 3, day, 10)
        decided = {"status": CaseStatus.APPROVED, "decided_at": received + timedelta(days=waited)} if waited else {}
        submitted(service, received, answers=answers(postcode=postcode, kinds=kinds), **decided)
    submitted(service, local(2026, 2, 28, 10), answers=answers())
    submitted(service, local(2026, 4, 1, 10), answers=answers())
    whole = FigureFilter(start=date(2026, 3, 1), end=date(2026, 3, 31))
    cut = FigureFilter(start=date(2026, 2, 28), end=date(2026, 4, 1))  # whole March plus a day either side
    inside = FigureFilter(start=date(2026, 3, 1), end=date(2026, 3, 30))  # no whole month

    march = selectors.volume_breakdowns(flt=whole)
    around = selectors.volume_breakdowns(flt=cut)
    kinds = march["business_kind"]
    assert (kinds["industry"], kinds["craft"], kinds["retail"], kinds["other"]) == (1, 2, 3, 0)
    assert around["business_kind"]["retail"] == march["business_kind"]["retail"] + 2
    assert around["district"]["mitte"] == march["district"]["mitte"] + 2
    assert selectors.volume_breakdowns(flt=inside)["district"] == {"mitte": 2, "uerdingen": 1}
    processing = selectors.processing_breakdowns(flt=whole)["service"][service.pk]
    assert (processing["median"], processing["p90"]) == (pytest.approx(3.0), pytest.approx(7.5))
    assert selectors.processing_breakdowns(flt=cut)["service"][service.pk]["median"] == pytest.approx(3.0)
    assert selectors.processing_breakdowns(flt=inside)["service"][service.pk]["median"] == pytest.approx(2.0)


def funnel_cells() -> set:
    return {(c.month, c.service, c.dimension, c.value, c.drafts) for c in FunnelMonth.objects.exclude(drafts=0)}


def test_the_funnel_rollup_follows_the_events_of_the_drafts(people):
    service = people["service"]
    keys = [f"5b0c1a5e-0000-4000-8000-00000000000{n}" for n in range(4)]
    for key in keys:
        funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STARTED)
    for key in keys[:3]:
        funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STEP_COMPLETED, step="owner")
    for key in keys[:2]:
        funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STEP_COMPLETED, step="business")
        funnel_event_record(service=service, draft_key=key, kind=FunnelEvent.STEP_COMPLETED, step="business")
    funnel_event_record(service=service, draft_key=keys[0], kind=FunnelEvent.SUBMITTED)
    funnel_event_record(service=service, draft_key=keys[0], kind=FunnelEvent.SUBMITTED)
    kept = funnel_cells()

    funnel_rollups_rebuild()

    assert kept == funnel_cells()
    by_value = {(dimension, value): n for _month, _service, dimension, value, n in kept}
    assert by_value == {
        ("started", ""): 4,
        ("submitted", ""): 1,
        ("minutes", "0"): 1,
        ("step", "0"): 3,
        ("step", "1"): 2,
        ("stop", "business"): 1,
        ("stop", "owner"): 1,
        ("stop", ""): 1,
    }
    today = timezone.localdate()
    figures = selectors.funnel_figures(flt=FigureFilter(start=today.replace(day=1), end=today))[service.pk]
    assert (figures["started"], figures["submitted"], figures["steps"]) == (4, 1, {"owner": 3, "business": 2})
    assert figures["stops"] == {"business": 1, "owner": 1, "": 1}


def test_funnel_figures_are_the_same_for_whole_months_and_for_periods_cut_inside_months(service_and_journeys):
    service = service_and_journeys
    whole = selectors.funnel_figures(flt=FigureFilter(start=date(2026, 3, 1), end=date(2026, 3, 31)))[service.pk]
    cut = selectors.funnel_figures(flt=FigureFilter(start=date(2026, 2, 28), end=date(2026, 4, 1)))[service.pk]
    inside = selectors.funnel_figures(flt=FigureFilter(start=date(2026, 3, 2), end=date(2026, 3, 31)))[service.pk]

    assert (whole["started"], whole["submitted"], whole["median_seconds"]) == (4, 3, 600)
    assert whole["stops"] == {"owner": 1}
    assert (cut["started"], cut["submitted"], cut["median_seconds"]) == (6, 4, 450)  # 5, 5, 10, 20 minutes
    assert cut["steps"] == {"owner": 6}
    assert (inside["started"], inside["submitted"], inside["median_seconds"]) == (3, 2, 900)


@pytest.fixture
def service_and_journeys(db):
    from tests.integration.test_agency_figures import journey

    service = ServiceFactory()
    for number, (started, seconds) in enumerate(
        [
            (local(2026, 3, 1, 0, 5), 300),
            (local(2026, 3, 15, 9), 600),
            (local(2026, 3, 31, 23, 50), 1200),
            (local(2026, 3, 31, 12), None),
            (local(2026, 2, 28, 23, 59), 290),  # 4 min 50 s: 5 minutes
            (local(2026, 4, 1, 0, 0), None),
        ]
    ):
        journey(service, number, steps=("owner",), submitted_after=seconds, started=started)
    return service


def expected_from_rows(flt: FigureFilter) -> dict:
    """The figures counted by hand from the figure rows (what the selectors read from the rollups)."""
    rows = [
        f
        for f in CaseFigure.objects.all()
        if (flt.service is None or f.service_id == flt.service.pk)
        and (flt.department is None or f.department_id == flt.department.pk)
        and (not flt.district or f.district == flt.district)
    ]
    current = [f for f in rows if flt.start <= f.submitted_on <= flt.end]
    by_department, by_district, by_reason, by_wz, waits = Counter(), Counter(), Counter(), Counter(), []
    for f in current:
        by_department[f.department_id] += 1
        by_district[f.district] += 1
        by_reason[f.reason] += 1
        by_wz[f.wz_section] += 1
        if f.processing_days is not None:
            waits.append(math.floor(f.processing_days + 0.5))
    previous = flt.previous()
    return {
        "department": dict(by_department),
        "district": dict(by_district),
        "reason": dict(by_reason),
        "wz_section": dict(by_wz),
        "total": len(current),
        "previous": sum(previous.start <= f.submitted_on <= previous.end for f in rows),
        "decided": len(waits),
        "median": histogram_percentile(Counter(waits), 0.5),
        "p90": histogram_percentile(Counter(waits), 0.9),
    }


def test_every_filter_and_period_reads_the_same_figures_from_the_rollups_as_from_the_rows(people):
    import random

    rng = random.Random(7)
    service, other_service = (
        people["service"],
        ServiceFactory(slug="testleistung", name="Testleistung", reference_prefix="GAS", leika_key="99050005000000"),
    )
    departments = [service.department, people["uerdingen"]]
    for _n in range(60):
        received = local(2026, 1, 1, 8) + timedelta(days=rng.randrange(120), hours=rng.randrange(14))
        decided = {}
        if rng.random() < 0.6:
            decided = {"status": CaseStatus.APPROVED, "decided_at": received + timedelta(hours=rng.randrange(400))}
        case = CaseFactory(
            service=rng.choice([service, other_service]),
            department=rng.choice(departments),
            submitted_at=received,
            summary=[],
            form_version="1",
            answers=answers(
                postcode=rng.choice(["47798", "47829", "47839"]),
                wz=rng.choice(["47.71", "62.01", "56.10"]),
                reason=rng.choice(["new", "takeover_lease", "relocation"]),
            ),
            **decided,
        )
        case_event_record(case=case, kind=CaseEvent.Kind.SUBMITTED)
    filters = [{}, {"department": people["uerdingen"]}, {"district": "mitte"}, {"service": service},
               {"department": service.department, "district": "uerdingen"}]  # fmt: skip
    periods = [(date(2026, 2, 1), date(2026, 3, 31)), (date(2026, 1, 17), date(2026, 4, 10)),
               (date(2026, 2, 3), date(2026, 2, 20))]  # fmt: skip
    for narrowing in filters:
        for start, end in periods:
            flt = FigureFilter(start=start, end=end, **narrowing)
            expected = expected_from_rows(flt)
            breakdowns = selectors.volume_breakdowns(flt=flt)
            seen = (narrowing, start)
            assert breakdowns["department"] == expected["department"], seen
            assert breakdowns["district"] == expected["district"], seen
            assert breakdowns["reason"] == expected["reason"], seen
            assert breakdowns["wz_section"] == expected["wz_section"], seen
            assert breakdowns["total"] == expected["total"], seen
            comparison = selectors.volume_comparison(flt=flt)
            assert sum(c[0] for c in comparison.values()) == expected["total"], seen
            assert sum(c[1] for c in comparison.values()) == expected["previous"], seen
            for resolution in ("day", "week", "month"):
                series = selectors.volume_series(flt=FigureFilter(start=start, end=end, resolution=resolution,
                                                                  **narrowing))  # fmt: skip
                assert sum(sum(counts.values()) for counts in series.values()) == expected["total"], seen
            processing = selectors.processing_breakdowns(flt=flt)["service"]
            assert sum(row["cases"] for row in processing.values()) == expected["total"], seen
            assert sum(row["decided"] for row in processing.values()) == expected["decided"], seen
            if narrowing.get("service") is not None and expected["decided"]:
                row = processing[service.pk]
                assert (row["median"], row["p90"]) == (expected["median"], expected["p90"]), seen


def test_the_refresh_command_rebuilds_every_rollup(people):
    service = people["service"]
    submitted(service, local(2026, 3, 2, 10), answers=answers())
    funnel_event_record(service=service, draft_key="5b0c1a5e-0000-4000-8000-000000000009", kind="started")
    kept = (cells(), funnel_cells())
    FigureDay.objects.all().delete()
    FigureMonth.objects.all().delete()
    FunnelMonth.objects.all().delete()

    call_command("refresh_case_figures", stdout=io.StringIO())

    assert (cells(), funnel_cells()) == kept
    assert kept[0][0] and kept[1]
