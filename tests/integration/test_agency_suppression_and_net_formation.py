"""Small groups cannot be worked out from a total (secondary suppression), and the dashboard shows the
net business formation (Gewerbeanmeldungen minus Gewerbeabmeldungen per month) once Abmeldungen exist."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from services.statistics.dashboard import dashboard_table
from services.statistics.selectors import FigureFilter
from services.statistics.services import case_figures_refresh
from services.statistics.tables import Line, Table, count, label, totals_protect
from tests.factories import CaseFactory, ServiceFactory

BERLIN = ZoneInfo("Europe/Berlin")


def texts(table: Table) -> list[list[str]]:
    with translation.override("de"):
        return table.german_rows()


def cases(service, day: date, n: int, **fields):
    for _n in range(n):
        CaseFactory(service=service, submitted_at=datetime(day.year, day.month, day.day, 10, tzinfo=BERLIN), **fields)


@pytest.fixture
def anmeldung(db):
    return ServiceFactory()


@pytest.fixture
def abmeldung(db):
    return ServiceFactory(slug="gewerbeabmeldung", name="Gewerbeabmeldung", reference_prefix="GAB")


def abmeldungen(service, day: date, n: int):
    """Gewerbeabmeldungen (GewA 3) received on the day, as the factories make cases of that service."""
    cases(service, day, n)


# --- Secondary suppression -------------------------------------------------------------------------


def test_one_small_group_in_a_row_with_its_total_withholds_the_smallest_other_cell():
    table = Table("t", "T", ["", "a", "b", "c", "total"], [[label("x"), count(2), count(7), count(5), count(14)]])

    totals_protect(table, [Line([(0, 1), (0, 2), (0, 3)], (0, 4))])

    assert texts(table) == [["x", "< 3", "7", "–", "14"]]
    assert table.as_json()["rows"] == [["x", "< 3", 7, None, 14]]


def test_a_withheld_cell_is_protected_in_its_column_too():
    table = Table("t", "T", ["", "a", "b", "total"], [
        [label("x"), count(1), count(4), count(5)],
        [label("y"), count(6), count(8), count(14)],
        [label("z"), count(3), count(9), count(12)],
    ])  # fmt: skip
    rows = [Line([(row, 1), (row, 2)], (row, 3)) for row in range(3)]
    columns = [Line([(0, column), (1, column), (2, column)]) for column in (1, 2, 3)]

    totals_protect(table, [*rows, *columns])

    # Row x withholds its 4; column a (x's 1 alone) withholds z's 3; column b (x's 4 alone) y's 8, the
    # smaller of 8 and 9; then rows y and z each have one hidden cell and withhold their other one.
    assert texts(table) == [["x", "< 3", "–", "5"], ["y", "–", "–", "14"], ["z", "–", "–", "12"]]


def test_a_row_whose_other_cells_are_zero_withholds_its_total():
    table = Table("t", "T", ["", "a", "b", "total"], [[label("x"), count(2), count(0), count(2)]])
    totals_protect(table, [Line([(0, 1), (0, 2)], (0, 3))])
    assert texts(table) == [["x", "< 3", "0", "< 3"]]  # the total is small itself

    table = Table("t", "T", ["", "a", "b", "total"], [[label("x"), count(2), count(0), count(5)]])
    totals_protect(table, [Line([(0, 1), (0, 2)], (0, 3))])
    assert texts(table) == [["x", "< 3", "0", "–"]]


def test_the_volume_table_withholds_a_second_service_where_a_month_has_one_small_group(anmeldung, abmeldung):
    cases(anmeldung, date(2026, 3, 2), 5)
    abmeldungen(abmeldung, date(2026, 3, 3), 2)
    cases(anmeldung, date(2026, 4, 2), 4)
    abmeldungen(abmeldung, date(2026, 4, 3), 3)
    case_figures_refresh()
    flt = FigureFilter(start=date(2026, 3, 1), end=date(2026, 4, 30))

    with translation.override("de"):
        volume = dashboard_table(flt=flt, today=date(2026, 5, 1), name="volume").german_rows()
        comparison = dashboard_table(flt=flt, today=date(2026, 5, 1), name="comparison").german_rows()

    # Columns: Gewerbeabmeldung, Gewerbeanmeldung, total. March's 7 minus its 5 Anmeldungen would give
    # the Abmeldungen away: the 5 are withheld; the Anmeldungen's column (its sum is in the comparison)
    # then withholds April's 4, and April's row its 3 Abmeldungen.
    assert volume == [["März 2026", "< 3", "–", "7"], ["April 2026", "–", "–", "7"]]
    assert comparison[-1][:2] == ["Alle Leistungen", "14"]


# --- Net business formation ------------------------------------------------------------------------


def test_net_formation_waits_for_the_first_abmeldung(anmeldung, abmeldung):
    cases(anmeldung, date(2026, 3, 2), 5)
    case_figures_refresh()

    table = dashboard_table(flt=FigureFilter(start=date(2026, 3, 1), end=date(2026, 3, 31)), today=date(2026, 4, 1),
                            name="net_formation")  # fmt: skip

    assert table.rows == [] and table.empty


def test_net_formation_is_anmeldungen_minus_abmeldungen_per_month_whatever_the_service_filter(anmeldung, abmeldung):
    cases(anmeldung, date(2026, 1, 15), 6)
    abmeldungen(abmeldung, date(2026, 1, 20), 4)
    cases(anmeldung, date(2026, 2, 1), 3)
    abmeldungen(abmeldung, date(2026, 2, 27), 5)
    cases(anmeldung, date(2026, 3, 31), 4)
    abmeldungen(abmeldung, date(2026, 3, 1), 1)
    case_figures_refresh()
    flt = FigureFilter(start=date(2026, 1, 10), end=date(2026, 3, 20), service=anmeldung)  # whole months count

    with translation.override("de"):
        rows = dashboard_table(flt=flt, today=date(2026, 4, 1), name="net_formation").german_rows()

    assert rows == [
        ["Januar 2026", "6", "4", "2"],
        ["Februar 2026", "3", "5", "-2"],
        ["März 2026", "4", "< 3", "–"],  # the difference would give the single Abmeldung away
    ]
