"""The register's part of the demo: the Hanoi data, loaded idempotently.
The whole demo (with its accounts, accounts.demo, and the reporting round) is planwatch.demo."""

from __future__ import annotations

from django.db import transaction

from planwatch.registry import hanoi
from planwatch.registry.services import Changes, agencies_register, documents_register, leaders_register, plan_save

LOADER = "load-demo"


@transaction.atomic
def load_register_demo() -> Changes:
    changes = Changes()
    agencies = hanoi.agencies()
    changes.merge(agencies_register(
        agencies=agencies.get("agency", []), groups=agencies.get("group", []), actor=LOADER, reason=LOADER,
    ))
    leaders = hanoi.leaders()
    changes.merge(leaders_register(
        positions=leaders.get("position", []), leader_groups=leaders.get("leader_group", []), actor=LOADER,
        reason=LOADER,
    ))
    changes.merge(documents_register(documents=hanoi.documents(), actor=LOADER, reason=LOADER))
    for plan in hanoi.plans():
        changes.merge(plan_save(data=plan, actor=LOADER, reason=LOADER).changes)
    return changes
