from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from services.catalog.models import Department, District, DistrictPostcode, DocumentRequirement, Service


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


class DistrictPostcodeInline(admin.TabularInline):
    model = DistrictPostcode
    extra = 1
    fields = ("postcode",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "postcode_list", "position")
    search_fields = ("name", "code", "postcodes__postcode")
    inlines = (DistrictPostcodeInline,)

    @admin.display(description=_("postcodes"))
    def postcode_list(self, district: District) -> str:
        return ", ".join(postcode.postcode for postcode in district.postcodes.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("postcodes")
