from django.contrib import admin

from services.catalog.models import Department, DocumentRequirement, Service


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent_name", "email", "phone", "active")
    list_filter = ("active",)
    search_fields = ("name", "code", "parent_name")


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ("position", "code", "name", "required", "condition", "guide_conditions")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "reference_prefix", "department", "processing_days", "online", "position")
    list_filter = ("online", "department")
    search_fields = ("name", "slug", "leika_key")
    list_select_related = ("department",)
    inlines = (DocumentRequirementInline,)
