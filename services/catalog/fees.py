"""Fees computed from the catalog: the usage fee of an outdoor seating area (Sondernutzungsgebühr).

The rate is catalog data (``Service.area_rate_cents``, which admins edit); the rule is the
street-use bylaw's: the rate for every m² and every started month of the period, on top of the
administrative fee (``Service.fee_cents``). Amounts are whole cents, rounded half up.
"""

import datetime
from calendar import monthrange
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.catalog.models import Service


@dataclass(frozen=True)
class UsageFee:
    area_m2: Decimal
    months: int
    rate_cents: int
    administrative_cents: int

    @property
    def usage_cents(self) -> int:
        return int((self.area_m2 * self.months * self.rate_cents).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def total_cents(self) -> int:
        return self.administrative_cents + self.usage_cents


def _months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day where it is shorter (31 January + 1 = 28/29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month + 1, day=min(day.day, monthrange(year, month + 1)[1]))


def _months_end(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of ``months`` months from ``start`` (§ 188 Abs. 2 and 3 BGB): the day
    before the corresponding day, or the month's last day where it has no corresponding day."""
    later = _months_later(start, months)
    return later if later.day < start.day else later - datetime.timedelta(days=1)


def months_started_count(*, start: datetime.date, end: datetime.date) -> int:
    """How many months, each begun one counting fully, the period from ``start`` to ``end`` (both
    included) takes: 1 April to 31 October is 7; 15 April to 15 May is 2. At least 1."""
    months = 1
    while _months_end(start, months) < end:
        months += 1
    return months


def usage_fee_compute(*, service: Service, area_m2: Decimal, start: datetime.date, end: datetime.date) -> UsageFee:
    """The fee for using ``area_m2`` of public street from ``start`` to ``end`` at the catalog's rate."""
    return UsageFee(
        area_m2=Decimal(area_m2),
        months=months_started_count(start=start, end=end),
        rate_cents=service.area_rate_cents,
        administrative_cents=service.fee_cents,
    )
