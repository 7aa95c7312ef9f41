"""makemessages that also finds the engine's and the parser's templates written with a context.

The pure cores cannot call Django's pgettext; they mark a template with `pgettext_noop(context, message)`
(engine/explain.py) and the catalogue needs that keyword to extract it with its context.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]
