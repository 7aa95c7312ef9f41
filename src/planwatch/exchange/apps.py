from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    # No models: DHIS2 and SDMX writers and readers over the register's values (docs/exchange.md).
    name = "planwatch.exchange"
