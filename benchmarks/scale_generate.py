"""Build a national-scale register for the scale benchmark (issue 14): provinces, district plans, 5 years of values.

    python benchmarks/scale_generate.py --database-url postgres://postgres@127.0.0.1:5432/planwatch_bench \\
        --plans 700 --reset [--years 5] [--geography 2021|2025] [--jobs 2] [--rollups]
    python benchmarks/scale_generate.py --database-url ... --add-rollups   # the roll-ups, added to a built register
    python benchmarks/scale_generate.py --temp-sqlite --plans 1      # a throwaway SQLite file (smoke test)

Refuses any database whose name does not contain "bench" (the SQLite file's name, for SQLite), so that a slip of
DATABASE_URL cannot wipe a real register; PostgreSQL databases are created when missing and, with --reset, dropped
and created again. Without --reset a database that already holds a generated register is left alone (exit 2);
--add-rollups is the one thing added to it, and is refused (exit 2) where roll-ups already exist.

What is built, and how (this is what "realistic" means here; docs/scaling.md repeats it):

- Geography. --geography 2021 (default): 63 provinces, each with its People's Committee and planning department;
  --plans district-level units, each with its People's Committee, four specialised offices (finance-planning,
  economy-infrastructure, natural resources-environment, culture-society) and --communes-per-unit communes.
  --geography 2025: the 2025 reform, 34 provinces and no districts: the plans belong to the new communes, each
  with its committee and its offices, and there are no sub-units.
- Plans. Each unit has one plan modelled on the Hanoi 2024 plan (src/planwatch/fixtures/hanoi/plan-2024.toml):
  its 48 indicator rows (names, units, measures, parents, targets for the --years term) led by the unit's offices,
  and its 49 tasks with their deadlines (shifted to the term), lead office, coordinating office and communes.
  With --big-plan-indicators N one more plan has N indicator rows (the 48 cycled), for the PDF goal.
- Values. For every indicator with a target, every year of the term: the plan value, estimates for Q1, six months,
  nine months and the year, and the actual: 6 x --years values per indicator (30 for 5 years); 42 of the 48 rows
  have a target, so about 1 260 values per plan. 700 plans hold 0.88 M values, 800 plans 1.0 M; 40 M values is
  about 32 000 plans, or fewer plans over a longer --years.
- Rounds. A past round (nine months of the last year) and the current one (the year, deadline a week ahead) are
  opened with reporting.services.round_open; in the past round --accepted-reports reports are filled with
  report_save, approved, submitted and accepted with report_transition, then the round is closed (round_close).
  The current round's reports stay drafts: the deadline rush of scale_load.py submits them.
- Accounts. One planning-department reviewer and, for --accounts agencies that have a report in the current round,
  an officer and a head: usernames and passwords are printed and kept in ACCOUNTS below.
- Roll-ups (docs/cascade.md), with --rollups, or --add-rollups on a register built without them: each province
  that has district plans gets one plan (bench-tinh-kh-tNN, issued by its People's Committee, led by its planning
  department) of the 10 template rows in ROLLUP_ROWS below: the investment row by `sum` (its target scaled by the
  province's number of districts), six rates by `weighted_mean` (the district's declared population as base), the
  schools row by `share_meeting` (80 % at least), cultural residential groups by `min`, unemployment by `max`. The
  province plan has values like a district plan's, so its own figure stands beside the rolled-up one; each of its
  rows is fed by the same row of every district plan of the province (700 plans: 63 province plans, 7 000
  contributions). Every province and district (2025: commune) is an administrative unit, named on the page. Built
  after the rounds and accounts, so the register is the same either way: the province plans have no reports.

Through the project's own services: agencies (agencies_register), documents (documents_register), every plan
(plan_save: document, indicators, targets, tasks, due dates, with the audit trail), accounts (account_save), rounds
and reports (round_open, report_save, report_transition, round_close), the roll-ups' units and contributions
(units_load, contribution_add: units, loops and one rule per higher indicator checked, audited). Not through them,
said here on purpose:
- the bulk of the values is written with bulk_create (plan values with the plan as source, estimates and actuals
  with a report's provenance note) and without audit entries: a service would take hours at this size, and the
  value table, not the trail, is what the pages read. The accepted reports above do write some values through
  the service, with their audit entries;
- AgencyLookup, which reads the whole agency table at every plan_save, is built once and reused for all plans
  (the agencies do not change while plans are saved); see docs/scaling.md for what it costs per plan;
- every officer and head shares one password hash, computed once (hashing costs ~0.3 s per account).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TEMPLATE_PLAN = ROOT / "src" / "planwatch" / "fixtures" / "hanoi" / "plan-2024.toml"
LOADER = "scale-generate"
# Known logins for scale_load.py (and for a person looking at the generated site).
REVIEWER = ("bench.khdt", "bench-khdt-2025")
OFFICER_PASSWORD = "bench-officer-2025"
HEAD_PASSWORD = "bench-head-2025"
OFFICER_PREFIX, HEAD_PREFIX = "bench.canbo.", "bench.truong."
PLAN_PREFIX = "bench-kh-"
BIG_PLAN = "bench-kh-200-chi-tieu"

# The specialised offices of a unit and the Hanoi departments whose rows they take over (matched on the lead text).
OFFICES_2021 = [
    ("Phòng Tài chính - Kế hoạch",
     ("khđt", "kế hoạch", "thống kê", "t.kê", "thuế", "ngân hàng", "tài chính", "ct", "công thương")),
    ("Phòng Kinh tế - Hạ tầng",
     ("xd", "xây dựng", "qhkt", "quy hoạch", "gtvt", "giao thông", "nn", "nông nghiệp", "khcn", "khoa học",
      "ban quản lý")),
    ("Phòng Tài nguyên và Môi trường", ("tnmt", "tài nguyên", "môi trường")),
    ("Phòng Văn hóa - Xã hội",
     ("y tế", "lđtbxh", "lao động", "vh", "văn hóa", "gdđt", "giáo dục", "tttt", "thông tin", "du lịch", "tư pháp")),
]
OFFICES_2025 = [
    ("Phòng Kinh tế",
     ("khđt", "kế hoạch", "thống kê", "t.kê", "thuế", "ngân hàng", "tài chính", "ct", "công thương", "nn",
      "nông nghiệp", "tnmt")),
    ("Phòng Kinh tế - Hạ tầng và Đô thị",
     ("xd", "xây dựng", "qhkt", "quy hoạch", "gtvt", "giao thông", "khcn", "ban quản lý")),
    ("Phòng Văn hóa - Xã hội",
     ("y tế", "lđtbxh", "lao động", "vh", "văn hóa", "gdđt", "giáo dục", "tttt", "thông tin", "du lịch", "tư pháp")),
]
PROVINCES = {"2021": 63, "2025": 34}
# A period of each year and the kinds of value it has (the cadence of the socio-economic reports).
VALUE_SLOTS = [("{y}", "plan"), ("{y}-Q1", "estimate"), ("{y}-H1", "estimate"), ("{y}-9M", "estimate"),
               ("{y}", "estimate"), ("{y}", "actual")]


class Refused(SystemExit):
    pass


# The database ---------------------------------------------------------------------------------------------------


def database_name(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return Path(parts.path).name
    return parts.path.lstrip("/")


def choose_database(args) -> str:
    """The URL to build into: --temp-sqlite, --database-url, else DATABASE_URL; refused unless named *bench*."""
    if getattr(args, "temp_sqlite", False):
        folder = tempfile.mkdtemp(prefix="planwatch-scale-")
        return f"sqlite:///{folder}/planwatch_bench.sqlite3"
    url = args.database_url or os.environ.get("DATABASE_URL", "")
    if not url:
        raise Refused("Give --database-url (or DATABASE_URL) naming a database whose name contains 'bench', "
                      "or --temp-sqlite.")
    name = database_name(url)
    if "bench" not in name:
        raise Refused(f"Refused: the database {name!r} is not named *bench*; this script may drop what it finds.")
    return url


def prepare_database(url: str, *, reset: bool) -> None:
    """Create the PostgreSQL database when missing (drop it first with reset); for SQLite, remove the file."""
    parts = urlsplit(url)
    name = database_name(url)
    assert "bench" in name  # choose_database refused anything else; checked again before dropping anything
    if parts.scheme.startswith("sqlite"):
        if reset and Path(parts.path).exists():
            Path(parts.path).unlink()
        return
    import psycopg
    from psycopg import sql

    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    # Signs nothing here; settings refuse to start on the demo's public key outside the tests.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # Notifications of the rounds would otherwise print emails (none of the generated accounts has an address).
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    # Each plan written would be computed again in a thread of this process, whose cache no page reads.
    os.environ.setdefault("PLANWATCH_RESULTS_REFRESH", "0")
    if url.startswith("sqlite"):
        os.environ.setdefault("PLANWATCH_VAR_DIR", str(Path(urlsplit(url).path).parent))
    else:
        os.environ.setdefault("PLANWATCH_VAR_DIR", tempfile.mkdtemp(prefix="planwatch-scale-var-"))
    import django

    django.setup()


# The shape of the register ----------------------------------------------------------------------------------------


@dataclass
class Unit:
    """A district (2021) or a new commune (2025): the owner of one plan."""

    number: int
    province: int
    committee: str
    offices: list[str]
    communes: list[str]
    short: str


def province_name(n: int) -> str:
    return f"UBND tỉnh T{n:02d}"


def province_planning(n: int) -> str:
    return f"Sở Kế hoạch và Đầu tư tỉnh T{n:02d}"


def build_units(plans: int, geography: str, communes_per_unit: int) -> list[Unit]:
    provinces = PROVINCES[geography]
    offices = OFFICES_2021 if geography == "2021" else OFFICES_2025
    units = []
    for n in range(1, plans + 1):
        province = (n - 1) % provinces + 1
        if geography == "2021":
            short = f"huyện H{n:05d}"
            communes = [f"UBND xã X{n:05d}-{c:02d}" for c in range(1, communes_per_unit + 1)]
        else:
            short = f"xã X{n:05d}"
            communes = []
        offices_here = [f"{name} {short}" for name, _keys in offices]
        units.append(Unit(n, province, f"UBND {short}", offices_here, communes, short))
    return units


def agency_records(units: list[Unit], geography: str) -> list[dict]:
    records = []
    for p in range(1, PROVINCES[geography] + 1):
        records.append({"name": province_name(p), "kind": "other"})
        records.append({"name": province_planning(p), "kind": "department", "parent": province_name(p)})
    unit_kind = "district" if geography == "2021" else "commune"
    for unit in units:
        records.append({"name": unit.committee, "kind": unit_kind, "parent": province_name(unit.province)})
        records += [{"name": office, "kind": "other", "parent": unit.committee} for office in unit.offices]
        records += [{"name": commune, "kind": "commune", "parent": unit.committee} for commune in unit.communes]
    return records


def office_for(lead_text: str, unit: Unit, geography: str) -> str:
    """The unit's office standing for the Hanoi department that leads a row (the committee when none matches)."""
    text = (lead_text or "").lower()
    table = OFFICES_2021 if geography == "2021" else OFFICES_2025
    for index, (_name, keys) in enumerate(table):
        if any(re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text) for key in keys):
            return unit.offices[index]
    return unit.committee


def shift_years(text: str, shift: int) -> str:
    if not shift:
        return text
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + shift), text)


def load_template() -> dict:
    import tomllib

    with open(TEMPLATE_PLAN, "rb") as handle:
        return tomllib.load(handle)


def indicator_templates(template: dict, count: int | None = None) -> list[dict]:
    """The template's indicator rows; with count, cycled (keys and parents prefixed per cycle) to that many rows."""
    rows = template["indicators"]
    if count is None:
        return [dict(row) for row in rows]
    result, cycle = [], 0
    while len(result) < count:
        cycle += 1
        for row in rows:
            if len(result) >= count:
                break
            copy = dict(row)
            copy["key"] = f"{cycle}.{row['key']}"
            if row.get("parent"):
                copy["parent"] = f"{cycle}.{row['parent']}"
            result.append(copy)
    # A cut cycle can leave a child whose parent was cut: make it a top row.
    keys = {row["key"] for row in result}
    for row in result:
        if row.get("parent") and row["parent"] not in keys:
            row.pop("parent")
    return result


def plan_record(unit: Unit, *, geography: str, start: int, end: int, template: dict, rng: random.Random,
                slug: str | None = None, indicators: list[dict] | None = None, number: int | None = None) -> dict:
    term = f"{start}-{end}"
    shift = end - 2025
    rows = []
    for row in indicators or indicator_templates(template):
        lead = office_for(row.get("lead_text", ""), unit, geography)
        targets = []
        for target in row.get("targets", []):
            target = dict(target)
            target["horizon"] = term if "-" in target["horizon"] else str(end)
            targets.append(target)
        rows.append({
            "key": row["key"], "code": row.get("code", ""), "parent": row.get("parent"), "name": row["name"],
            "unit": row.get("unit", ""), "measure": row.get("measure"), "direction": row.get("direction"),
            "targets": targets, "values": [], "lead_text": lead, "lead_agencies": [lead], "lead_groups": [],
        })
    tasks = []
    statuses = ["not_started", "on_schedule", "on_schedule", "on_schedule", "behind", "done", "done_late"]
    for index, row in enumerate(template["tasks"]):
        lead = office_for(row.get("lead_text", ""), unit, geography)
        # The next office coordinates, and two of the district's communes (rotating, so that every commune reports).
        at = unit.offices.index(lead) + 1 if lead in unit.offices else 0
        partner = unit.offices[at % len(unit.offices)]
        communes = [unit.communes[(index * 2 + k) % len(unit.communes)] for k in range(2)] if unit.communes else []
        deadline = dict(row.get("deadline") or {})
        if deadline:
            deadline["text"] = shift_years(deadline.get("text", ""), shift)
            deadline["due_dates"] = [shift_years(day, shift) for day in deadline.get("due_dates", [])]
            if deadline.get("recurrence"):
                recurrence = dict(deadline["recurrence"])
                recurrence["from"] = recurrence.get("from", end - 1) + shift
                recurrence["until"] = recurrence.get("until", end) + shift
                deadline["recurrence"] = recurrence
        tasks.append({
            "key": row["key"], "code": row.get("code", ""), "section": row.get("section", ""),
            "section_title": row.get("section_title", ""), "title": row["title"], "lead_text": lead,
            "lead_agencies": [lead], "coordinating_agencies": [partner, *communes],
            "coordinating_text": "; ".join([partner, *communes]), "product": row.get("product", ""),
            "deadline": deadline, "status": rng.choice(statuses),
        })
    committee = unit.committee
    return {
        "document": {
            "id": slug or f"{PLAN_PREFIX}{unit.number:05d}",
            "number": f"{number or unit.number}/KH-UBND",
            "kind": "plan",
            "issuer": committee,
            "date": f"{start}-03-15",
            "signer": f"Chủ tịch {committee}",
            "signer_title": "Chủ tịch",
            "title": f"Kế hoạch thực hiện các chỉ tiêu kinh tế - xã hội giai đoạn {term} của {committee}",
            "period": term,
            "implements": [f"bench-nq-tinh-t{unit.province:02d}"],
        },
        "indicators": rows,
        "tasks": tasks,
    }


# Values -----------------------------------------------------------------------------------------------------------


def _text(number: Decimal) -> str:
    """Vietnamese style, as a report is typed: thousands dot, decimal comma."""
    whole, _, fraction = f"{number:.2f}".partition(".")
    fraction = fraction.rstrip("0")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{abs(int(whole)):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def base_number(indicator) -> float:
    targets = list(indicator.targets.all())
    for target in targets:
        for bound in (target.low, target.high):
            if bound is not None:
                return float(bound) or 1.0
    return 50.0


def value_rows(indicator, *, document, start: int, end: int, rng: random.Random, notes: dict[int, str]) -> list:
    """Every value of the term for one indicator (see VALUE_SLOTS), plausible around its target."""
    from planwatch.registry.models import IndicatorValue

    targets = list(indicator.targets.all())
    qualitative = indicator.measure == "qualitative" or all(t.low is None and t.high is None for t in targets)
    base = base_number(indicator)
    rows = []
    sums = indicator.measure in ("sum_over_period", "count")
    years = end - start + 1
    for year in range(start, end + 1):
        progress = (year - start + 1) / years
        actual = base * (0.8 + 0.25 * progress) * (1 + rng.uniform(-0.05, 0.05))
        if sums:
            actual = base / years * (1 + rng.uniform(-0.1, 0.1))
        for period_pattern, kind in VALUE_SLOTS:
            period = period_pattern.format(y=year)
            if qualitative:
                text = "Hoàn thành" if kind == "actual" else "Đang thực hiện"
                fields = {"text": text, "op": "qualitative", "low": None, "high": None}
            else:
                share = {"Q1": 0.25, "H1": 0.5, "9M": 0.75}.get(period.rpartition("-")[2], 1.0) if sums else 1.0
                number = Decimal(str(round(actual * share * (1 + rng.uniform(-0.03, 0.03)), 2)))
                fields = {"text": _text(number), "op": "eq", "low": number, "high": number}
            from_plan = kind == "plan"
            rows.append(IndicatorValue(
                indicator_id=indicator.pk, period=period, kind=kind, source_document=document if from_plan else None,
                source_note="" if from_plan else notes[year], **fields,
            ))
    return rows


# Plans, in one or several processes -------------------------------------------------------------------------------


def _cached_lookup():
    """One AgencyLookup for every plan_save of this process (the agencies are all registered beforehand)."""
    from planwatch.registry import services

    lookup = services.AgencyLookup()
    services.AgencyLookup = lambda: lookup


def save_plans(job: tuple[int, int, dict]) -> tuple[int, int, float, float]:
    """Save the plans whose index % jobs == part; returns (plans, values, seconds in plan_save, seconds in values)."""
    from django.db import connection, transaction

    from planwatch.registry.models import Document, IndicatorValue
    from planwatch.registry.services import plan_save

    part, jobs, config = job
    connection.close()  # a forked process opens its own connection
    _cached_lookup()
    template = load_template()
    start, end = config["start"], config["end"]
    notes = {year: f"Đợt báo cáo năm {year}; báo cáo của đơn vị chủ trì, chấp nhận ngày 15/01/{year + 1}"
             for year in range(start, end + 1)}
    units = build_units(config["plans"], config["geography"], config["communes"])
    plans = values = 0
    t_plans = t_values = 0.0
    work = [(unit, None) for unit in units]
    if config["big"]:
        work.append((units[0], config["big"]))
    for index, (unit, big) in enumerate(work):
        if index % jobs != part:
            continue
        rng = random.Random(config["seed"] * 100_003 + index)
        record = plan_record(
            unit, geography=config["geography"], start=start, end=end, template=template, rng=rng,
            slug=BIG_PLAN if big else None, number=len(units) + 1 if big else None,
            indicators=indicator_templates(template, big) if big else None,
        )
        t0 = time.perf_counter()
        result = plan_save(data=record, actor=LOADER, reason=LOADER)
        t1 = time.perf_counter()
        document: Document = result.document
        rows = []
        for indicator in document.indicators.prefetch_related("targets"):
            if indicator.targets.all():
                rows += value_rows(indicator, document=document, start=start, end=end, rng=rng, notes=notes)
        with transaction.atomic():
            IndicatorValue.objects.bulk_create(rows, batch_size=2000)
        t_plans += t1 - t0
        t_values += time.perf_counter() - t1
        plans += 1
        values += len(rows)
        if plans % 50 == 0:
            print(f"  [{part}] {plans} plans, {values} values", flush=True)
    connection.close()
    return plans, values, t_plans, t_values


# Accounts and rounds ----------------------------------------------------------------------------------------------


def create_accounts(count: int, round_) -> list[tuple[str, str, str]]:
    """The reviewer, and an officer and a head for `count` agencies with indicator lines in `round_`, spread over
    the plans. Returns (username, password, agency) for each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from planwatch.accounts.models import Membership
    from planwatch.accounts.services import account_save
    from planwatch.registry.models import Agency

    User = get_user_model()
    made = []
    reviewer_agency = Agency.objects.filter(name=province_planning(1)).first()
    account_save(username=REVIEWER[0], password=REVIEWER[1], role=Membership.Role.PLANNING, agency=reviewer_agency,
                 full_name="Cán bộ Sở Kế hoạch và Đầu tư (benchmark)", actor=LOADER, reason=LOADER)
    made.append((REVIEWER[0], REVIEWER[1], "planning: every plan"))
    with_lines = list(
        round_.reports.filter(indicator_lines__isnull=False).distinct().order_by("agency_id")
        .values_list("agency_id", flat=True)
    )
    if not with_lines:
        return made
    step = max(1, len(with_lines) // max(count, 1))
    chosen = with_lines[::step][:count]
    hashes = {OFFICER_PASSWORD: make_password(OFFICER_PASSWORD), HEAD_PASSWORD: make_password(HEAD_PASSWORD)}
    agencies = Agency.objects.in_bulk(chosen)
    for n, agency_id in enumerate(chosen, start=1):
        agency = agencies[agency_id]
        for prefix, password, role in ((OFFICER_PREFIX, OFFICER_PASSWORD, Membership.Role.OFFICER),
                                       (HEAD_PREFIX, HEAD_PASSWORD, Membership.Role.HEAD)):
            username = f"{prefix}{n:03d}"
            user = account_save(username=username, password=None, role=role, agency=agency,
                                full_name=f"{role} {agency.name}", actor=LOADER, reason=LOADER)
            User.objects.filter(pk=user.pk).update(password=hashes[password])
            made.append((username, password, agency.name))
    return made


def sample_content(report, content: dict, rng: random.Random) -> dict:
    from planwatch.reporting.models import TaskLine

    for line in report.indicator_lines.select_related("indicator"):
        number = Decimal(str(round(rng.uniform(1, 200), 1)))
        content[f"i{line.pk}"].update(kind="estimate", value=_text(number), source="Số liệu ước tính của đơn vị")
    for line in report.task_lines.all():
        if line.role == TaskLine.Role.LEAD:
            content[f"t{line.pk}"].update(status="on_schedule", percent="60", done_text="Đã triển khai theo kế hoạch.")
        else:
            content[f"t{line.pk}"].update(contribution="Đã phối hợp cung cấp số liệu.")
    return content


def run_rounds(*, end: int, accepted: int, rng: random.Random) -> tuple:
    from django.utils import timezone

    from planwatch.reporting.models import Report
    from planwatch.reporting.services import content_of, report_save, report_transition, round_close, round_open

    tz = timezone.get_current_timezone()
    t0 = time.perf_counter()
    past = round_open(period=f"{end}-9M", deadline=date(end, 10, 10), actor=LOADER,
                      at=datetime(end, 9, 25, 8, tzinfo=tz))
    t_open_past = time.perf_counter() - t0
    reports = list(past.reports.filter(indicator_lines__isnull=False).distinct().order_by("agency_id"))
    step = max(1, len(reports) // max(accepted, 1))
    t1 = time.perf_counter()
    done = 0
    for report in reports[::step][:accepted]:
        when = datetime(end, 10, 5, 9, tzinfo=tz)
        content = sample_content(report, content_of(report), rng)
        report_save(report=report, actor=LOADER, version=report.version, content=content, at=when)
        report = Report.objects.get(pk=report.pk)
        report_transition(report=report, action="approve", actor=LOADER, version=report.version,
                          at=when + timedelta(hours=2))
        report_transition(report=report, action="submit", actor=LOADER, at=when + timedelta(hours=3))
        report_transition(report=report, action="accept", actor=LOADER, at=when + timedelta(days=2))
        done += 1
    t_accept = time.perf_counter() - t1
    round_close(round=past, actor=LOADER, at=datetime(end, 10, 20, 17, tzinfo=tz))
    t2 = time.perf_counter()
    current = round_open(period=str(end), deadline=timezone.localdate() + timedelta(days=7), actor=LOADER)
    t_open_current = time.perf_counter() - t2
    return past, current, done, t_open_past, t_accept, t_open_current


# Roll-ups: province plans fed by their district plans (docs/cascade.md) ---------------------------------------------

# Not PLAN_PREFIX: scale_load.py samples the district plans by that prefix, and its figures stay comparable.
PROVINCE_PLAN_PREFIX = "bench-tinh-kh-"
# The template rows a province plan keeps, each rolled up from the same row of every district plan of the province
# by the rule that fits what the row measures (docs/cascade.md, "Rules").
ROLLUP_ROWS = {
    "4": ("sum", {}),  # investment mobilised: amounts add up
    "7.1": ("min", {}),  # cultural residential groups: the weakest district, as the demo rolls up Hanoi's row 7.1
    "7.3": ("weighted_mean", {}),  # cultural families
    # schools up to the national standard: the share of districts where at least 80 % are
    "8": ("share_meeting", {"threshold": Decimal("80"), "direction": "higher_better"}),
    "9.1": ("weighted_mean", {}),  # hospital beds per 10 000 people
    "10": ("weighted_mean", {}),  # trained workers
    "11": ("max", {}),  # urban unemployment: the worst district
    "13.1": ("weighted_mean", {}),  # communes up to the new-countryside standard
    "14.1": ("weighted_mean", {}),  # urbanisation
    "16.5": ("weighted_mean", {}),  # urban waste water treated
}


def province_code(n: int) -> str:
    return f"BENCH-T{n:02d}"


def unit_code(province: int, plan) -> str:
    """The administrative unit a district plan reports for, coded after its plan (BENCH-T01-00001)."""
    return f"{province_code(province)}-{plan.slug.removeprefix(PLAN_PREFIX)}"


def district_population(seed: int, plan_slug: str) -> Decimal:
    """The declared base of a district's weighted means. One base (population) weighs every rate: a base
    proportional to it (households, the labour force) would give the same means."""
    return Decimal(random.Random(f"{seed}-{plan_slug}").randrange(60_000, 450_000, 1_000))


def province_rows(template: dict, districts: int) -> list[dict]:
    """The template's rows kept by ROLLUP_ROWS, as top rows; the amounts' targets are the province's, scaled by its
    number of districts, so that its own figure stands near the sum of theirs."""
    rows = []
    for row in indicator_templates(template):
        if row["key"] not in ROLLUP_ROWS:
            continue
        row.pop("parent", None)  # the header rows above them (7, 9, 13...) have nothing to roll up
        if ROLLUP_ROWS[row["key"]][0] == "sum":
            targets = []
            for target in row.get("targets", []):
                target = dict(target)
                low, high = (Decimal(target[b]) * districts if target.get(b) else None for b in ("low", "high"))
                target.update(low=str(low) if low is not None else None, high=str(high) if high is not None else None,
                              text="-".join(_text(b) for b in (low, high) if b is not None))
                targets.append(target)
            row["targets"] = targets
        rows.append(row)
    return rows


def add_rollups(*, seed: int) -> dict:
    """One plan per province that has district plans (issued by its People's Committee, the ROLLUP_ROWS rows, led
    by its planning department, with values like the district plans'), and for each of its indicators one
    contribution from the same row of every district plan of the province, through contribution_add. Every district
    and province is an administrative unit (units_load) so that a missing contributor is named by its unit.
    In one transaction: a failed run leaves nothing, and can be run again."""
    from django.db import transaction

    from planwatch.cascade.models import AdministrativeUnit
    from planwatch.cascade.services import UnitRow, contribution_add, units_load
    from planwatch.registry.models import Agency, Document, Indicator, IndicatorValue
    from planwatch.registry.services import plan_save

    started = time.perf_counter()
    _cached_lookup()
    template = load_template()
    generated = Document.objects.filter(slug__startswith=PLAN_PREFIX).exclude(slug=BIG_PLAN)
    district_plans = list(generated.order_by("slug"))
    committees = Agency.objects.filter(name__in=generated.values("issuer")).select_related("parent")
    committees = {agency.name: agency for agency in committees}
    province_numbers = {province_name(n): n for n in range(1, max(PROVINCES.values()) + 1)}
    by_province: dict[int, list[Document]] = {}
    for plan in district_plans:
        by_province.setdefault(province_numbers[committees[plan.issuer].parent.name], []).append(plan)
    start, end = district_plans[0].period_start, district_plans[0].period_end
    notes = {year: f"Đợt báo cáo năm {year}; báo cáo của Sở Kế hoạch và Đầu tư, tổng hợp ngày 20/01/{year + 1}"
             for year in range(start, end + 1)}
    contributors = {
        (indicator.document_id, indicator.key): indicator
        for indicator in Indicator.objects.filter(document__in=generated, key__in=ROLLUP_ROWS)
    }
    plans = contributions = values = 0
    with transaction.atomic():
        unit_rows = []
        for number, plans_here in sorted(by_province.items()):
            unit_rows.append(UnitRow(code=province_code(number), name=f"Tỉnh T{number:02d}", level="province"))
            for plan in plans_here:
                committee = committees[plan.issuer]
                level = "district" if committee.kind == Agency.Kind.DISTRICT else "commune"
                name = committee.name.removeprefix("UBND ")
                unit_rows.append(UnitRow(code=unit_code(number, plan), name=name[:1].upper() + name[1:], level=level,
                                         parent=province_code(number)))
        units_load(units=unit_rows, successions=[], actor=LOADER, reason=LOADER)
        units = {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__startswith="BENCH-T")}
        for number, plans_here in sorted(by_province.items()):
            # plan_record gives each row the office its lead text matches: with the planning department in every
            # slot, it leads every row of the province plan.
            province = Unit(number, number, province_name(number), [province_planning(number)] * len(OFFICES_2021),
                            [], f"tỉnh T{number:02d}")
            rng = random.Random(seed * 1_000_033 + number)
            record = plan_record(province, geography="2021", start=start, end=end, template={**template, "tasks": []},
                                 rng=rng, slug=f"{PROVINCE_PLAN_PREFIX}t{number:02d}", number=number,
                                 indicators=province_rows(template, len(plans_here)))
            document = plan_save(data=record, actor=LOADER, reason=LOADER).document
            rows = []
            higher = {indicator.key: indicator for indicator in document.indicators.prefetch_related("targets")}
            for indicator in higher.values():
                rows += value_rows(indicator, document=document, start=start, end=end, rng=rng, notes=notes)
            IndicatorValue.objects.bulk_create(rows, batch_size=2000)
            values += len(rows)
            plans += 1
            for key, (rule, options) in ROLLUP_ROWS.items():
                for plan in plans_here:
                    weight = district_population(seed, plan.slug) if rule == "weighted_mean" else None
                    contribution_add(
                        indicator=higher[key], contributor=contributors[(plan.pk, key)], actor=LOADER, rule=rule,
                        unit=units[unit_code(number, plan)], weight=weight, **options,
                    )
                    contributions += 1
    return {"province_plans": plans, "province_indicators": plans * len(ROLLUP_ROWS), "contributions": contributions,
            "district_plans": len(district_plans), "values": values, "seconds": time.perf_counter() - started}


def add_rollups_to_register(url: str, *, seed: int) -> int:
    """--add-rollups: the roll-ups added to a register generated without them, refused where they exist."""
    from django.db import connection

    from planwatch.cascade.models import Contribution
    from planwatch.registry.models import Document

    name = database_name(url)
    if not Document.objects.filter(slug__startswith=PLAN_PREFIX).exclude(slug=BIG_PLAN).exists():
        print(f"{name} holds no generated register: generate one first (--rollups builds the roll-ups with it).")
        return 2
    province_plans = Document.objects.filter(slug__startswith=PROVINCE_PLAN_PREFIX).count()
    contributions = Contribution.objects.count()
    if province_plans or contributions:
        print(f"{name} already has roll-ups ({province_plans} province plans, {contributions} contributions): "
              f"nothing added. To build them again, regenerate with --reset --rollups.")
        return 2
    print(f"database: {name} ({connection.vendor}); adding the roll-ups to its generated register", flush=True)
    added = add_rollups(seed=seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print_rollups(added)
    print("roll-ups ready")
    return 0


def print_rollups(added: dict) -> None:
    print(f"roll-ups: {added['province_plans']} province plan(s) with {added['province_indicators']} indicators, "
          f"{added['contributions']} contributions from {added['district_plans']} district plans, "
          f"{added['values']} province values, in {added['seconds']:.1f} s", flush=True)


# Main -------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: DATABASE_URL; the database's name must contain 'bench'")
    parser.add_argument("--temp-sqlite", action="store_true", help="build into a fresh SQLite file in a temp folder")
    parser.add_argument("--reset", action="store_true", help="drop and create the database first")
    parser.add_argument("--plans", type=int, default=20, help="plans of districts (or of 2025 communes)")
    parser.add_argument("--years", type=int, default=5, help="years of the term, each with 6 values per indicator")
    parser.add_argument("--end-year", type=int, help="last year of the term (default: last year)")
    parser.add_argument("--geography", choices=["2021", "2025"], default="2021",
                        help="2021: provinces, districts, communes; 2025: 34 provinces and communes, no districts")
    parser.add_argument("--communes-per-unit", type=int, default=15, help="communes under each district (2021)")
    parser.add_argument("--big-plan-indicators", type=int, default=200,
                        help="one more plan with this many rows (0: none)")
    parser.add_argument("--accounts", type=int, default=50, help="agencies given an officer and a head account")
    parser.add_argument("--accepted-reports", type=int, default=20, help="reports accepted in the past round")
    parser.add_argument("--jobs", type=int, default=1, help="processes saving plans (PostgreSQL only)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--rollups", action="store_true",
                        help="also a plan per province rolled up from its district plans' rows (docs/cascade.md)")
    parser.add_argument("--add-rollups", action="store_true",
                        help="add only the --rollups province plans and contributions to a register built without them")
    args = parser.parse_args(argv)
    if args.plans < 1 or args.years < 1:
        parser.error("--plans and --years must be at least 1")
    if args.add_rollups and (args.reset or args.temp_sqlite):
        parser.error("--add-rollups adds to a register already generated: not with --reset or --temp-sqlite")

    url = choose_database(args)
    started = time.perf_counter()
    prepare_database(url, reset=args.reset or args.temp_sqlite)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection, connections

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t_migrate = time.perf_counter() - t0

    from planwatch.cascade.models import Contribution
    from planwatch.registry.models import Agency, Document, Indicator, IndicatorValue, Task
    from planwatch.registry.services import agencies_register, documents_register
    from planwatch.reporting.models import IndicatorLine, Report, TaskLine

    if args.add_rollups:
        return add_rollups_to_register(url, seed=args.seed)
    if Document.objects.filter(slug__startswith=PLAN_PREFIX).exists():
        print(f"{database_name(url)} already holds a generated register "
              f"({Document.objects.filter(slug__startswith=PLAN_PREFIX).count()} plans): run again with --reset.")
        return 2

    end = args.end_year or date.today().year - 1
    start = end - args.years + 1
    units = build_units(args.plans, args.geography, args.communes_per_unit if args.geography == "2021" else 0)
    print(f"database: {database_name(url)} ({connection.vendor}); {args.plans} plans, term {start}-{end}, "
          f"geography {args.geography}")

    t0 = time.perf_counter()
    records = agency_records(units, args.geography)
    # Provinces first (the units name them as parents), then the units in chunks: no transaction holds the country.
    agencies_register(agencies=[r for r in records if r["name"].startswith(("UBND tỉnh", "Sở Kế hoạch"))], groups=[],
                      actor=LOADER, reason=LOADER)
    unit_records = [r for r in records if not r["name"].startswith(("UBND tỉnh", "Sở Kế hoạch"))]
    for chunk in range(0, len(unit_records), 2000):
        agencies_register(agencies=unit_records[chunk:chunk + 2000], groups=[], actor=LOADER, reason=LOADER)
    documents_register(documents=[
        {"id": f"bench-nq-tinh-t{p:02d}", "number": f"{p:02d}-NQ/ĐH", "kind": "resolution",
         "issuer": f"Đảng bộ tỉnh T{p:02d}", "date": f"{start - 1}-10-15",
         "title": f"Nghị quyết Đại hội Đảng bộ tỉnh T{p:02d} nhiệm kỳ {start - 1}-{end}", "period": f"{start}-{end}"}
        for p in range(1, PROVINCES[args.geography] + 1)
    ], actor=LOADER, reason=LOADER)
    t_agencies = time.perf_counter() - t0
    print(f"agencies: {Agency.objects.count()} in {t_agencies:.1f} s", flush=True)

    config = {"plans": args.plans, "geography": args.geography,
              "communes": args.communes_per_unit if args.geography == "2021" else 0,
              "start": start, "end": end, "seed": args.seed, "big": args.big_plan_indicators}
    jobs = max(1, args.jobs) if connection.vendor == "postgresql" else 1
    t0 = time.perf_counter()
    if jobs == 1:
        results = [save_plans((0, 1, config))]
    else:
        import multiprocessing

        connections.close_all()
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(save_plans, [(part, jobs, config) for part in range(jobs)])
    t_plans_wall = time.perf_counter() - t0
    n_plans = sum(r[0] for r in results)
    n_values = sum(r[1] for r in results)
    t_plan_save = sum(r[2] for r in results)
    t_values = sum(r[3] for r in results)
    print(f"plans: {n_plans} in {t_plans_wall:.1f} s wall ({jobs} process(es)); plan_save {t_plan_save:.1f} s "
          f"({t_plan_save / max(n_plans, 1) * 1000:.0f} ms per plan), bulk values {t_values:.1f} s", flush=True)

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    past, current, accepted, t_open_past, t_accept, t_open_current = run_rounds(
        end=end, accepted=args.accepted_reports, rng=rng)
    t_rounds = time.perf_counter() - t0
    print(f"rounds: past {past.period} opened in {t_open_past:.1f} s, {accepted} reports accepted in {t_accept:.1f} s; "
          f"current {current.period} (id {current.pk}) opened in {t_open_current:.1f} s", flush=True)

    t0 = time.perf_counter()
    accounts = create_accounts(args.accounts, current)
    t_accounts = time.perf_counter() - t0
    # After the rounds and accounts, as --add-rollups adds them to a register built without: the same register
    # either way (the province plans have no reports; the accounts and rush reports are the districts').
    rollups = add_rollups(seed=args.seed) if args.rollups else None
    if rollups:
        print_rollups(rollups)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = time.perf_counter() - started

    counts = {
        "agencies": Agency.objects.count(),
        "plans (tracked documents)": Document.objects.filter(is_tracked=True).count(),
        "indicators": Indicator.objects.count(),
        "tasks": Task.objects.count(),
        "indicator values": IndicatorValue.objects.count(),
        "reports (both rounds)": Report.objects.count(),
        "report indicator lines": IndicatorLine.objects.count(),
        "report task lines": TaskLine.objects.count(),
        "contributions (roll-ups)": Contribution.objects.count(),
    }
    print("built:")
    for label, count in counts.items():
        print(f"  {label:28} {count:>12,}")
    print(f"times: migrate {t_migrate:.1f} s, agencies {t_agencies:.1f} s, plans+values {t_plans_wall:.1f} s, "
          f"rounds {t_rounds:.1f} s, accounts {t_accounts:.1f} s"
          + (f", roll-ups {rollups['seconds']:.1f} s" if rollups else "") + f"; total {total:.1f} s")
    print(f"current round: /bao-cao/dot/{current.pk}/  past round: /bao-cao/dot/{past.pk}/")
    print(f"accounts ({len(accounts)}): {accounts[0][0]} / {accounts[0][1]}; officers {OFFICER_PREFIX}NNN / "
          f"{OFFICER_PASSWORD}; heads {HEAD_PREFIX}NNN / {HEAD_PASSWORD}")
    print(f"database url: {url}")
    print("generated register ready")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Refused as refusal:
        print(refusal.code, file=sys.stderr)
        sys.exit(2)
