from django import template
from django.forms import BoundField
from django.utils.html import format_html

register = template.Library()


@register.filter
def shown_with_attrs(field: BoundField) -> str:
    """The data attributes by which ``js/reveal.js`` shows a field only after the answer it belongs to
    (see ``forms.steps.fields.shown_with``); the question's name carries the form's prefix."""
    condition = getattr(field.field, "shown_with", None)
    if condition is None:
        return ""
    choice, value = condition
    return format_html(' data-shown-with="{}" data-shown-value="{}"', field.form.add_prefix(choice), value)
