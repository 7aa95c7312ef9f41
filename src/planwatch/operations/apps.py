from django.apps import AppConfig


class OperationsConfig(AppConfig):
    # No models: the app only carries the `backup` and `restore` commands.
    name = "planwatch.operations"
