"""The site's navigation: the counts beside its links (a badge), asked of the app that keeps them.

An app declares its counts on its AppConfig (`nav_badges`: name -> dotted path of `count(user) -> int`), so the
shared base template loads no app's tags and imports no app; a count no installed app declares is 0.
"""

from django import template
from django.apps import apps
from django.utils.module_loading import import_string

register = template.Library()


@register.simple_tag
def nav_badge(name: str, user) -> int:
    for config in apps.get_app_configs():
        path = getattr(config, "nav_badges", {}).get(name)
        if path:
            return import_string(path)(user)
    return 0
