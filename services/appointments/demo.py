"""Demo offer for ``make run`` (``seed_demo``): appointment types and opening hours per department,
and a few invented appointments so the agendas are not empty. Running it again adds nothing."""

import random
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from services.appointments.models import Appointment, AppointmentType, OpeningHours
from services.appointments.slots import slots_free
from services.catalog.models import Department, Service

# department code → (name, minutes, desks, service slug offered on its cases, account required, what to bring)
DEMO_TYPES = {
    "gewerbeamt": [
        ("Identitätsprüfung Gewerbeanmeldung", 15, 2, "gewerbeanmeldung", True, "Personalausweis oder Reisepass"),
        ("Beratung zur Gewerbeanzeige", 30, 1, None, False, ""),
    ],
    "gewerbeamt-uerdingen": [
        ("Identitätsprüfung Gewerbeanmeldung", 15, 1, "gewerbeanmeldung", True, "Personalausweis oder Reisepass"),
    ],
    "bauaufsicht": [("Beratung Nutzungsänderung", 45, 1, None, False, "Lageplan und Grundriss, falls vorhanden")],
    "tiefbau": [("Beratung Sondernutzung (Außengastronomie)", 30, 1, "sondernutzung", False, "")],
    "wirtschaftsfoerderung": [
        ("Gründungsberatung", 60, 2, None, False, "Ihre Geschäftsidee, gern mit Businessplan"),
        (
            "Originale vorlegen: Gaststättenerlaubnis",
            20,
            1,
            "gaststaettenerlaubnis",
            True,
            "Originale der hochgeladenen Nachweise",
        ),
    ],
}
# Monday to Friday mornings, Tuesday and Thursday afternoons too.
DEMO_HOURS = [(day, time(8), time(12)) for day in range(5)] + [(1, time(14), time(18)), (3, time(14), time(17))]
DEMO_VISITORS = ["Anna Schmidt", "Mehmet Yılmaz", "Jonas Becker", "Zofia Nowak", "Lena Wagner", "Tobias Richter"]


def demo_appointments_seed() -> int:
    """Types and hours for every department that has none yet, and a handful of appointments for the
    next days; returns how many appointments were added."""
    rng = random.Random(10)
    added = 0
    now = timezone.now()
    with transaction.atomic():
        for department in Department.objects.filter(code__in=DEMO_TYPES):
            if AppointmentType.objects.filter(department=department).exists():
                continue
            for weekday, opens, closes in DEMO_HOURS:
                OpeningHours.objects.create(department=department, weekday=weekday, opens=opens, closes=closes)
            for name, minutes, desks, service, account, bring in DEMO_TYPES[department.code]:
                kind = AppointmentType.objects.create(
                    department=department,
                    name=name,
                    duration_minutes=minutes,
                    desks=desks,
                    service=Service.objects.filter(slug=service).first() if service else None,
                    account_required=account,
                    description=bring,
                    horizon_days=60,
                    booking_lead_hours=2,
                    cancellation_lead_hours=24,
                )
                free = [slot for day in slots_free(appointment_type=kind, now=now, days_wanted=3) for slot in day.slots]
                for n, slot in enumerate(rng.sample(free, min(len(free), 4))):
                    visitor = DEMO_VISITORS[(added + n) % len(DEMO_VISITORS)]
                    Appointment.objects.create(
                        appointment_type=kind,
                        department=department,
                        starts_at=slot.starts_at,
                        ends_at=slot.starts_at + timedelta(minutes=minutes),
                        desk=1,
                        name=visitor,
                        email=f"{visitor.split()[0].lower()}.demo@example.org",
                    )
                    added += 1
    return added
