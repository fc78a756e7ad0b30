from celery import shared_task

from services.appointments.services import appointment_reminders_queue


@shared_task(soft_time_limit=120, time_limit=150)
def appointment_reminders_task() -> int:
    """Celery beat: queue the reminders for tomorrow's appointments; running it twice sends each once."""
    return appointment_reminders_queue()
