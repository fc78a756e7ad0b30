from django.contrib import admin

from services.notifications.models import OutboxMail


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """Read-only: operators see what is stuck and why; only the outbox itself sends or changes mails."""

    list_display = ("kind", "created_at", "sent_at", "abandoned_at", "attempts", "last_error")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), ("abandoned_at", admin.EmptyFieldListFilter))
    date_hierarchy = "created_at"
    exclude = ("body",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
