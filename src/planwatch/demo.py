"""The demo as a newcomer sees it: the Hanoi register, a reporting round in every state, one account per role.

Each app loads its own part (registry.demo, accounts.demo, reporting.demo, frameworks.demo, series.demo,
cascade.demo); this module puts them in order, idempotently.
"""

from __future__ import annotations

from django.db import transaction

from planwatch.accounts.demo import DEMO_ACCOUNTS as REGISTER_ACCOUNTS
from planwatch.accounts.demo import DemoAccount, load_account_demo
from planwatch.cascade.demo import load_cascade_demo
from planwatch.frameworks.demo import load_framework_demo
from planwatch.portal.demo import load_portal_demo
from planwatch.registry.demo import load_register_demo
from planwatch.registry.services import Changes
from planwatch.reporting.demo import ACCOUNTS as REPORTING_ACCOUNTS
from planwatch.reporting.demo import load_reporting_demo
from planwatch.series.demo import load_series_demo

DEMO_ACCOUNTS: list[DemoAccount] = [*REGISTER_ACCOUNTS, *REPORTING_ACCOUNTS]


@transaction.atomic
def load_demo(*, with_accounts: bool = True) -> Changes:
    changes = load_register_demo()
    if with_accounts:
        load_account_demo(REGISTER_ACCOUNTS)
    load_reporting_demo(with_accounts=with_accounts)
    load_framework_demo()
    load_series_demo()
    load_cascade_demo()
    load_portal_demo()
    return changes
