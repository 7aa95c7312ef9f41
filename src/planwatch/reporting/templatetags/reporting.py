from django import template

from planwatch.reporting import selectors
from planwatch.reporting.evidence import size_label

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    return selectors.state_label(state) if state else ""


@register.filter
def filesize(size) -> str:
    return size_label(int(size or 0))


@register.filter
def value_of(line_form, name):
    return line_form.values.get(name, "")


@register.filter
def error_of(line_form, name):
    return line_form.errors.get(name, "")


@register.filter
def newer_of(line_form, name):
    return line_form.newer.get(name)


@register.filter
def conflict_in(line_form, name) -> bool:
    return name in line_form.conflicts


@register.filter
def field_name(line_form, name) -> str:
    return line_form.name(name)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
