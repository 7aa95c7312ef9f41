"""Reviewers opening the same round at once, on a real database (run by test_round_open_race.py in its own process).

Eight threads each open the round for 2024-Q3 with the same plans, released together by a barrier. Then eight
threads run the recurring-round job for the same due date at once. Prints a JSON summary.
"""

import json
import os
import sys
import threading
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from planwatch.accounts.models import Membership  # noqa: E402
from planwatch.accounts.services import account_save  # noqa: E402
from planwatch.registry.models import Agency, Document, Indicator, Task, TaskDueDate  # noqa: E402
from planwatch.reporting.models import Action, Report, Round  # noqa: E402
from planwatch.reporting.services import RoundExists, recurring_rounds_open, round_open  # noqa: E402

THREADS = 8


def setup():
    call_command("migrate", verbosity=0, interactive=False)
    agency = Agency.objects.create(name="Sở Thử nghiệm", kind="department")
    document = Document.objects.create(
        slug="kh-thu-nghiem", number="1/KH-TN", title="Kế hoạch thử nghiệm", is_tracked=True, year=2024,
    )
    indicator = Indicator.objects.create(document=document, key="1", order=1, name="Chỉ tiêu 1", unit="%")
    indicator.lead_agencies.add(agency)
    task = Task.objects.create(
        document=document, key="1", order=1, title="Báo cáo định kỳ", deadline_kind=Task.DeadlineKind.RECURRING,
    )
    task.lead_agencies.add(agency)
    TaskDueDate.objects.create(task=task, due=date(2024, 6, 30))
    planners = [account_save(username=f"khdt{n}", password=None, role=Membership.Role.PLANNING) for n in range(THREADS)]
    return document, planners


def race(target) -> None:
    barrier = threading.Barrier(THREADS)

    def run(n):
        try:
            barrier.wait(timeout=30)
            target(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def main():
    document, planners = setup()
    outcome = {"opened": 0, "refused": [], "errors": [], "recurring_opened": 0}
    lock = threading.Lock()

    def open_round(n):
        try:
            round_open(period="2024-Q3", deadline=date(2024, 10, 15), actor=planners[n], documents=[document])
        except RoundExists as exc:
            with lock:
                outcome["refused"].append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            with lock:
                outcome["errors"].append(f"{type(exc).__name__}: {exc}")
        else:
            with lock:
                outcome["opened"] += 1

    race(open_round)

    def open_recurring(n):
        try:
            opened = recurring_rounds_open(today=date(2024, 6, 20), lead_days=14)
        except Exception as exc:  # noqa: BLE001
            with lock:
                outcome["errors"].append(f"recurring {type(exc).__name__}: {exc}")
        else:
            with lock:
                outcome["recurring_opened"] += len(opened)

    race(open_recurring)
    outcome["rounds"] = Round.objects.filter(period="2024-Q3", origin=Round.Origin.MANUAL).count()
    outcome["reports"] = Report.objects.filter(round__period="2024-Q3").count()
    outcome["open_actions"] = Action.objects.filter(round__period="2024-Q3", kind=Action.Kind.OPEN).count()
    recurring = Round.objects.filter(origin=Round.Origin.RECURRING, due_date=date(2024, 6, 30))
    outcome["recurring_rounds"] = recurring.count()
    outcome["vendor"] = connection.vendor
    connections.close_all()
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
