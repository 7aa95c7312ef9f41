from django import template

from planwatch.audit import display

register = template.Library()


@register.filter
def field_label(entry):
    return display.field_label(entry)


@register.filter
def old_label(entry):
    return display.value_label(entry, entry.old_value)


@register.filter
def new_label(entry):
    return display.value_label(entry, entry.new_value)
