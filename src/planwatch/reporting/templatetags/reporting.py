from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

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
def field_name(line_form, name) -> str:
    return line_form.name(name)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def field_notes(line_form, name) -> str:
    """Under a field of a report line: its error, and the newer value saved meanwhile (in conflict when both
    changed it). A tag, not an include, because a report page has several per line (issue 14)."""
    error = line_form.errors.get(name, "")
    error_note = format_html('<p class="error" role="alert">{}</p>', error) if error else ""
    newer, newer_note = line_form.newer.get(name), ""
    if newer is not None:
        both = name in line_form.conflicts
        said = gettext("Cả hai cùng sửa ô này. Giá trị mới nhất đã lưu:") if both else gettext("Giá trị mới nhất đã lưu:")
        newer_note = format_html('<p class="newer{}">{} <q>{}</q></p>', " conflict" if both else "", said,
                                 newer or gettext("(trống)"))
    return format_html("{}{}", error_note, newer_note)


@register.simple_tag
def choice_options(choices, selected) -> str:
    """The <option>s of a select, `selected` marked."""
    return format_html_join("", '<option value="{}"{}>{}</option>',
                            ((value, " selected" if value == selected else "", label) for value, label in choices))
