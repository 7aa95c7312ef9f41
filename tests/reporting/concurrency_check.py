"""Threads saving the same draft at once, on a real database (run by test_concurrency.py in its own process).

Eight threads read version 1 of one report, wait for each other, then each saves its own change from that
version. One save wins; the others are refused as stale, read the newer version and save again, as a person
does after seeing the newer values. At the end every change is there: no update was lost. Then eight threads
submit the approved report at once: it is submitted once.

Prints a JSON summary; test_concurrency.py checks it.
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
from planwatch.audit.models import AuditEntry  # noqa: E402
from planwatch.registry.models import Agency, Document, Indicator, Task  # noqa: E402
from planwatch.reporting.models import Action, Report, Revision  # noqa: E402
from planwatch.reporting.services import StaleReport, content_of, report_save, report_transition, round_open  # noqa: E402

THREADS = 8


def setup():
    call_command("migrate", verbosity=0, interactive=False)
    agency = Agency.objects.create(name="Sở Thử nghiệm", kind="department")
    document = Document.objects.create(slug="kh-thu-nghiem", number="1/KH-TN", title="Kế hoạch thử nghiệm", is_tracked=True, year=2024)
    for n in range(1, THREADS + 1):
        indicator = Indicator.objects.create(document=document, key=str(n), order=n, name=f"Chỉ tiêu {n}", unit="%")
        indicator.lead_agencies.add(agency)
    task = Task.objects.create(document=document, key="1", order=1, title="Nhiệm vụ thử nghiệm")
    task.lead_agencies.add(agency)
    planner = account_save(username="khdt", password=None, role=Membership.Role.PLANNING)
    officers = [account_save(username=f"canbo{n}", password=None, role=Membership.Role.OFFICER, agency=agency) for n in range(THREADS)]
    head = account_save(username="truong", password=None, role=Membership.Role.HEAD, agency=agency)
    round = round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=planner, documents=[document])
    return round.reports.get(), officers, head


def main():
    report, officers, head = setup()
    keys = sorted((k for k in content_of(report) if k.startswith("i")), key=lambda k: int(k[1:]))
    barrier = threading.Barrier(THREADS)
    outcome = {"stale": 0, "errors": [], "first_try_saved": 0}
    lock = threading.Lock()

    def edit(n: int) -> None:
        try:
            first = True
            while True:
                current = Report.objects.get(pk=report.pk)
                content = content_of(current)
                content[keys[n]]["value"] = f"{n + 1},5"
                content[keys[n]]["note"] = f"cán bộ {n}"
                if first:
                    barrier.wait(timeout=30)  # everyone has read version 1 before anyone saves
                try:
                    report_save(report=current, actor=officers[n], version=current.version if not first else 1, content=content)
                except StaleReport:
                    with lock:
                        outcome["stale"] += 1
                    first = False
                    continue
                if first:
                    with lock:
                        outcome["first_try_saved"] += 1
                return
        except Exception as exc:  # noqa: BLE001 - reported to the test
            with lock:
                outcome["errors"].append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    report.refresh_from_db()
    final = content_of(report)
    outcome["values"] = [final[key]["value"] for key in keys]
    outcome["notes"] = [final[key]["note"] for key in keys]
    outcome["version"] = report.version
    outcome["revisions"] = Revision.objects.filter(report=report).count()
    outcome["audited_values"] = AuditEntry.objects.filter(field="value_text", action="update").count()

    report_transition(report=report, action="approve", actor=head, version=report.version)
    submit_barrier = threading.Barrier(THREADS)
    done = []

    def submit(n: int) -> None:
        try:
            submit_barrier.wait(timeout=30)
            result = report_transition(report=Report.objects.get(pk=report.pk), action="submit", actor=officers[n])
            with lock:
                done.append(result.done)
        except Exception as exc:  # noqa: BLE001
            with lock:
                outcome["errors"].append(f"submit {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    outcome["submitted"] = sorted(done)
    outcome["submit_actions"] = Action.objects.filter(report=report, kind="submit").count()
    outcome["status"] = Report.objects.get(pk=report.pk).status
    outcome["vendor"] = connection.vendor
    connections.close_all()
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
