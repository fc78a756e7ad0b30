"""Bar charts as server-rendered SVG (``templates/agency/_chart.svg.html``): the geometry is computed
here from a ``Table``'s cells, so a chart shows exactly the table's figures, hidden ones as "< 3"
without a bar. Templates rather than a charting library: the SVG needs no script and no inline style
(the portal's CSP), carries its title and description for screen readers, and prints in the PDF."""

from dataclasses import dataclass

from services.statistics.tables import Table

WIDTH = 720
LABEL_WIDTH = 260
VALUE_WIDTH = 70
ROW_HEIGHT = 22
COLUMN_AREA_HEIGHT = 180


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def end(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str
    orientation: str  # "horizontal": one bar per row; "vertical": one column per period
    width: int
    height: int
    bars: list[Bar]
    label_width: int = LABEL_WIDTH


def chart_for(table: Table, *, column: int, description: str, vertical: bool = False) -> Chart | None:
    """A bar per row of the table, sized by the figure in ``column``; None if the table is empty."""
    values = [(row[0].text, row[column]) for row in table.rows]
    if not values:
        return None
    largest = max((cell.number or 0) for _label, cell in values) or 1
    bars = []
    if vertical:
        slot = (WIDTH - 40) / len(values)
        for index, (text, cell) in enumerate(values):
            height = (cell.number or 0) / largest * COLUMN_AREA_HEIGHT
            bars.append(
                Bar(text, cell.text, 20 + index * slot + slot * 0.1, 20 + COLUMN_AREA_HEIGHT - height,
                    max(slot * 0.8, 1), height)
            )  # fmt: skip
        height = COLUMN_AREA_HEIGHT + 40
    else:
        area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
        for index, (text, cell) in enumerate(values):
            bars.append(Bar(text, cell.text, LABEL_WIDTH, index * ROW_HEIGHT + 4, (cell.number or 0) / largest * area,
                            ROW_HEIGHT - 8))  # fmt: skip
        height = len(values) * ROW_HEIGHT + 8
    return Chart(
        name=table.name,
        title=str(table.title),
        description=description,
        orientation="vertical" if vertical else "horizontal",
        width=WIDTH,
        height=int(height),
        bars=bars,
    )


# Which tables the dashboard draws, by the column the bars show (the last: the total), and how.
DASHBOARD_CHARTS: dict[str, tuple[int, bool]] = {
    "volume": (-1, True),
    "department": (1, False),
    "district": (1, False),
    "legal_form": (1, False),
    "wz_section": (1, False),
    "business_kind": (1, False),
    "reason": (1, False),
    "processing_service": (3, False),
    "backlog": (1, False),
    "funnel": (3, False),
}


def dashboard_charts(tables: dict[str, Table], *, description: str) -> dict[str, Chart]:
    charts = {}
    for name, (column, vertical) in DASHBOARD_CHARTS.items():
        table = tables[name]
        chart = chart_for(
            table,
            column=column,
            vertical=vertical,
            description=description % {"column": str(table.columns[column])},
        )
        if chart is not None:
            charts[name] = chart
    return charts
