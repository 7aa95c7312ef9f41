"""The demo as a newcomer sees it: the Hanoi register, a reporting round in every state, one account per role.

Each app loads its own part (registry.demo, reporting.demo, frameworks.demo, series.demo); this module puts them
in order, idempotently.
"""

from __future__ import annotations

from django.db import transaction

from planwatch.frameworks.demo import load_framework_demo
from planwatch.registry.demo import DEMO_ACCOUNTS as REGISTER_ACCOUNTS
from planwatch.registry.demo import DemoAccount, load_register_demo
from planwatch.registry.services import Changes
from planwatch.reporting.demo import ACCOUNTS as REPORTING_ACCOUNTS
from planwatch.reporting.demo import load_reporting_demo
from planwatch.series.demo import load_series_demo

DEMO_ACCOUNTS: list[DemoAccount] = [*REGISTER_ACCOUNTS, *REPORTING_ACCOUNTS]


@transaction.atomic
def load_demo(*, with_accounts: bool = True) -> Changes:
    changes = load_register_demo(with_accounts=with_accounts)
    load_reporting_demo(with_accounts=with_accounts)
    load_framework_demo()
    load_series_demo()
    return changes
