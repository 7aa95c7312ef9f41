from django import template

from planwatch.accounts import access

register = template.Library()


@register.filter
def can_import(user) -> bool:
    return access.can_import(user)


@register.filter
def can_edit_register(user) -> bool:
    return access.can_edit_register(user)
