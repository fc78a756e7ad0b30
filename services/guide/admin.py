from django.contrib import admin
from django.db import models

from services.guide.models import GuideRule


@admin.register(GuideRule)
class GuideRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "service", "conditions", "active", "position")
    list_filter = ("active", "service")
    search_fields = ("code", "title", "explanation")
    list_select_related = ("service",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("code", "service", "title", "where", "explanation", "link_url", "conditions", "active", "position")
