"""The Sondernutzungsgebühr: the catalog's rate for every m² and every started month, plus the administrative fee."""

from datetime import date
from decimal import Decimal

import pytest

from services.catalog.fees import months_started_count, usage_fee_compute
from services.catalog.models import Service

FEES = [
    # area m², from, until, rate cent, administrative cent -> months, usage cent, total cent
    ("15", date(2027, 4, 1), date(2027, 10, 31), 250, 5000, 7, 26250, 31250),
    ("15", date(2027, 4, 15), date(2027, 5, 14), 250, 5000, 1, 3750, 8750),
    ("15", date(2027, 4, 15), date(2027, 5, 15), 250, 5000, 2, 7500, 12500),
    ("12.5", date(2027, 6, 1), date(2027, 6, 1), 250, 5000, 1, 3125, 8125),
    ("0.3", date(2027, 6, 1), date(2027, 6, 30), 175, 0, 1, 53, 53),  # 52.5 cent rounded half up
    ("20", date(2027, 1, 31), date(2027, 2, 28), 300, 5000, 1, 6000, 11000),  # 31 January + 1 month = 28 February
    ("20", date(2027, 1, 31), date(2027, 3, 1), 300, 5000, 2, 12000, 17000),
    ("8", date(2027, 1, 1), date(2027, 12, 31), 250, 5000, 12, 24000, 29000),
    ("8", date(2027, 11, 1), date(2028, 2, 29), 250, 5000, 4, 8000, 13000),  # over the turn of the year
    ("40", date(2027, 4, 1), date(2027, 10, 31), 0, 5000, 7, 0, 5000),  # no rate in the catalog: no usage fee
]


@pytest.mark.parametrize(("area", "start", "end", "rate", "administrative", "months", "usage", "total"), FEES)
def test_the_fee_is_area_times_started_months_times_the_catalog_rate(
    area, start, end, rate, administrative, months, usage, total
):
    service = Service(slug="sondernutzung", area_rate_cents=rate, fee_cents=administrative)

    fee = usage_fee_compute(service=service, area_m2=Decimal(area), start=start, end=end)

    assert (fee.months, fee.usage_cents, fee.total_cents) == (months, usage, total)
    assert months_started_count(start=start, end=end) == months
