"""Writing the register. Every write is a service: keyword-only arguments, one transaction, an audit trail.

The plan services take data in the shape of docs/format.md (documents, indicators, tasks), so the demo
loader and the document importer save through the same code and re-saving a document updates it in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from planwatch import textnorm
from planwatch.audit.services import record_change, snapshot
from planwatch.registry.judgements import document_judgement_fields
from planwatch.registry.models import (
    Agency,
    AgencyAlias,
    AgencyGroup,
    Document,
    Indicator,
    IndicatorValue,
    Judgement,
    LeaderGroup,
    Position,
    Target,
    Task,
    TaskDueDate,
    TaskReference,
    Tenure,
)
# The writes the reporting rounds ask for (records.py) and what every write shares (saving.py), importable from here.
from planwatch.registry.records import indicator_value_delete, indicator_value_record, task_status_set  # noqa: F401
from planwatch.registry.saving import (
    Changes,
    RegisterError,
    delete_with_audit,
    document_slug,
    parse_date,
    parse_period,
    save_with_audit,
    to_decimal,
)


# Agencies and leaders ---------------------------------------------------------------------------


class AgencyLookup:
    """Canonical names and aliases to agencies and groups, for saving data that names them."""

    def __init__(self) -> None:
        self.agencies: dict[str, Agency] = {}
        for agency in Agency.objects.all():
            self.agencies[textnorm.key(agency.name)] = agency
            if agency.short_name:
                self.agencies.setdefault(textnorm.key(agency.short_name), agency)
        for alias in AgencyAlias.objects.select_related("agency"):
            self.agencies.setdefault(alias.key, alias.agency)
        self.groups: dict[str, AgencyGroup] = {}
        for group in AgencyGroup.objects.all():
            for name in [group.name, *group.aliases]:
                self.groups.setdefault(textnorm.key(name), group)

    def agency(self, name: str) -> Agency:
        found = self.agencies.get(textnorm.key(name))
        if found is None:
            raise RegisterError(f"Không có cơ quan “{name}” trong danh mục cơ quan.")
        return found

    def group(self, name: str) -> AgencyGroup:
        found = self.groups.get(textnorm.key(name))
        if found is None:
            raise RegisterError(f"Không có nhóm cơ quan “{name}” trong danh mục.")
        return found


@transaction.atomic
def agencies_register(*, agencies: list[dict], groups: list[dict], actor=None, reason: str = "") -> Changes:
    """Create or update agencies (by canonical name) with their aliases, then the named groups."""
    changes = Changes()
    by_name = {agency.name: agency for agency in Agency.objects.all()}
    for record in agencies:
        agency = by_name.get(record["name"]) or Agency()
        save_with_audit(
            agency,
            {"name": record["name"], "short_name": record.get("short", ""), "kind": record.get("kind", "other")},
            actor=actor, reason=reason, changes=changes,
        )
        by_name[agency.name] = agency
    for record in agencies:
        agency = by_name[record["name"]]
        parent = by_name.get(record.get("parent") or "")
        if record.get("parent") and parent is None:
            raise RegisterError(f"Cơ quan cấp trên “{record['parent']}” của “{record['name']}” không có trong danh mục.")
        if agency.parent_id != (parent.pk if parent else None):
            save_with_audit(agency, {"parent": parent}, actor=actor, reason=reason, changes=changes)
        wanted = {textnorm.key(text): text for text in record.get("aliases", []) if textnorm.key(text)}
        wanted.pop(textnorm.key(agency.name), None)
        existing = {alias.key: alias for alias in agency.aliases.all()}
        for alias_key, text in wanted.items():
            if alias_key in existing:
                continue
            clash = AgencyAlias.objects.filter(key=alias_key).select_related("agency").first()
            if clash:
                raise RegisterError(f"Tên gọi “{text}” đã dùng cho “{clash.agency}”, không thể gán cho “{agency}”.")
            save_with_audit(AgencyAlias(agency=agency, text=text), {}, actor=actor, reason=reason, changes=changes)
        for alias_key, alias in existing.items():
            if alias_key not in wanted:
                delete_with_audit(alias, actor=actor, reason=reason, changes=changes)
    for record in groups:
        group = AgencyGroup.objects.filter(name=record["name"]).first() or AgencyGroup()
        members = []
        for name in record.get("members", []):
            if name not in by_name:
                raise RegisterError(f"Nhóm “{record['name']}”: không có cơ quan “{name}” trong danh mục.")
            members.append(by_name[name])
        save_with_audit(
            group,
            {
                "name": record["name"],
                "aliases": list(record.get("aliases", [])),
                "member_kinds": list(record.get("member_kinds", [])),
                "is_open": bool(record.get("open", False)),
            },
            m2m={"members": members}, actor=actor, reason=reason, changes=changes,
        )
    return changes


@transaction.atomic
def leaders_register(*, positions: list[dict], leader_groups: list[dict], actor=None, reason: str = "") -> Changes:
    changes = Changes()
    by_name = {position.name: position for position in Position.objects.all()}
    for order, record in enumerate(positions, start=1):
        position = by_name.get(record["name"]) or Position()
        save_with_audit(
            position,
            {
                "name": record["name"], "title": record.get("title", ""), "short": record.get("short", ""),
                "portfolio": record.get("portfolio", ""), "order": order,
            },
            actor=actor, reason=reason, changes=changes,
        )
        by_name[position.name] = position
        existing = {(t.person, t.start): t for t in position.tenures.all()}
        seen = set()
        for tenure_record in record.get("tenure", []):
            start, _ = parse_date(tenure_record.get("start"))
            end, _ = parse_date(tenure_record.get("end"))
            tenure = existing.get((tenure_record["person"], start)) or Tenure(position=position)
            seen.add((tenure_record["person"], start))
            save_with_audit(
                tenure,
                {"person": tenure_record["person"], "start": start, "end": end, "note": tenure_record.get("note", "")},
                actor=actor, reason=reason, changes=changes,
            )
        for tenure_key, tenure in existing.items():
            if tenure_key not in seen:
                delete_with_audit(tenure, actor=actor, reason=reason, changes=changes)
    for record in leader_groups:
        group = LeaderGroup.objects.filter(name=record["name"]).first() or LeaderGroup()
        try:
            members = [by_name[name] for name in record.get("positions", [])]
        except KeyError as exc:
            raise RegisterError(f"Nhóm lãnh đạo “{record['name']}”: không có chức vụ {exc}.") from exc
        save_with_audit(
            group, {"name": record["name"], "aliases": list(record.get("aliases", []))},
            m2m={"positions": members}, actor=actor, reason=reason, changes=changes,
        )
    return changes


# Documents --------------------------------------------------------------------------------------


def _document_values(record: dict) -> dict:
    day, year = parse_date(record.get("date"))
    period_start, period_end = parse_period(record.get("period"))
    kind = record.get("kind") or Document.Kind.OTHER
    if kind not in Document.Kind.values:
        raise RegisterError(f"Loại văn bản không hợp lệ: {kind!r}.")
    return {
        "number": record.get("number") or "",
        "kind": kind,
        "issuer": record.get("issuer") or "",
        "date": day,
        "year": year,
        "signer": record.get("signer") or "",
        "signer_title": record.get("signer_title") or "",
        "title": record.get("title") or "",
        "period_start": period_start,
        "period_end": period_end,
    }


def _document_id(record: dict) -> str:
    slug = record.get("id") or (document_slug(record["number"]) if record.get("number") else "")
    if not slug:
        raise RegisterError("Văn bản không có số thì cần một mã (id) cố định.")
    return slug


def _find_document(reference: str) -> Document | None:
    return Document.objects.filter(slug=reference).first() or Document.objects.filter(number__iexact=reference).first()


@transaction.atomic
def documents_register(*, documents: list[dict], actor=None, reason: str = "") -> Changes:
    """Create or update documents by id, then link each to the documents it implements."""
    changes = Changes()
    saved: list[tuple[Document, dict]] = []
    for record in documents:
        slug = _document_id(record)
        document = Document.objects.filter(slug=slug).first() or Document(slug=slug)
        save_with_audit(document, _document_values(record), actor=actor, reason=reason, changes=changes)
        saved.append((document, record))
    for document, record in saved:
        _link_implemented(document, record.get("implements", []), actor=actor, reason=reason, changes=changes)
    return changes


def _link_implemented(document: Document, references: list[str], *, actor, reason: str, changes: Changes) -> None:
    targets = []
    for reference in references:
        target = _find_document(reference)
        if target is None:
            raise RegisterError(f"“{document}” triển khai văn bản “{reference}” chưa có trong danh mục văn bản.")
        targets.append(target)
    # The links belong to the document already counted, so only an actual change is reported.
    link_changes = Changes(created_objects=changes.created_objects)
    save_with_audit(document, {}, m2m={"implements": targets}, actor=actor, reason=reason, changes=link_changes)
    changes.updated += link_changes.updated
    changes.messages.extend(link_changes.messages)


# Plans: document with indicators and tasks ------------------------------------------------------


@dataclass
class PlanSaveResult:
    document: Document
    changes: Changes


def _leader_fields(leader: dict | None, positions: dict[str, Position], groups: dict[str, LeaderGroup]) -> dict:
    if not leader:
        return {"leader": None, "leader_text": ""}
    name = leader.get("position") or ""
    fields = {"leader": None, "leader_text": leader.get("text") or ""}
    if name in positions:
        fields["leader"] = positions[name]
    elif name in groups:
        fields["leader_group"] = groups[name]
    elif name:
        raise RegisterError(f"Không có chức vụ lãnh đạo “{name}” trong danh mục.")
    return fields


def _quantity_values(record: dict) -> dict:
    relative = record.get("relative") or {}
    op = record.get("op") or "eq"
    if op not in {choice for choice, _ in Target._meta.get_field("op").choices}:
        raise RegisterError(f"Dạng số liệu không hợp lệ: {op!r}.")
    return {
        "text": record.get("text") or "",
        "op": op,
        "low": to_decimal(record.get("low")),
        "high": to_decimal(record.get("high")),
        "relative_direction": relative.get("direction", ""),
        "relative_base": relative.get("base", ""),
    }


@transaction.atomic
def plan_save(*, data: dict, actor=None, reason: str = "") -> PlanSaveResult:
    """Save a plan in the format of docs/format.md: its document, indicators (targets, values) and tasks.

    Saving the same document again updates it: rows are matched by their key, changes are audited and
    reported, rows no longer present are removed.
    """
    changes = Changes()
    record = data["document"]
    slug = _document_id(record)
    document = Document.objects.filter(slug=slug).first() or Document(slug=slug)
    save_with_audit(
        document, {**_document_values(record), "is_tracked": True}, actor=actor, reason=reason, changes=changes,
        label=f"văn bản {slug}",
    )
    _link_implemented(document, record.get("implements", []), actor=actor, reason=reason, changes=changes)

    _refuse_dropping_in_use(document, data)
    lookup = AgencyLookup()
    positions = {position.name: position for position in Position.objects.all()}
    leader_groups = {group.name: group for group in LeaderGroup.objects.all()}
    _save_indicators(document, data.get("indicators", []), lookup, positions, leader_groups, actor, reason, changes)
    _save_tasks(document, data.get("tasks", []), lookup, positions, leader_groups, actor, reason, changes)
    return PlanSaveResult(document=document, changes=changes)


def _in_use(document, data: dict) -> list[str]:
    """The indicators and tasks this save would drop although the record still needs them, each with why.

    An indicator is needed while a report has a line for it or it holds values not printed in this document
    (values of record accepted from reports, figures from other documents): deleting it would delete those too,
    or (report lines protect it) fail. A task is needed while a report has a line for it or it has a framework plan.
    """
    from django.apps import apps

    if document.pk is None:
        return []
    keep_indicators = {record["key"] for record in data.get("indicators", [])}
    keep_tasks = {record["key"] for record in data.get("tasks", [])}
    dropped_indicators = list(document.indicators.exclude(key__in=keep_indicators).order_by("order"))
    dropped_tasks = list(document.tasks.exclude(key__in=keep_tasks).order_by("order"))
    if not dropped_indicators and not dropped_tasks:
        return []
    reporting = apps.is_installed("planwatch.reporting")
    found = []
    for indicator in dropped_indicators:
        reasons = []
        if reporting:
            lines = apps.get_model("reporting", "IndicatorLine").objects.filter(indicator=indicator).count()
            if lines:
                reasons.append(f"{lines} dòng báo cáo")
        values = indicator.values.exclude(source_document=document).count()
        if values:
            reasons.append(f"{values} số liệu từ báo cáo hoặc văn bản khác")
        if reasons:
            found.append(f"chỉ tiêu {indicator.key} “{indicator.name[:80]}” ({', '.join(reasons)})")
    frameworks = apps.is_installed("planwatch.frameworks")
    for task in dropped_tasks:
        reasons = []
        if reporting:
            lines = apps.get_model("reporting", "TaskLine").objects.filter(task=task).count()
            if lines:
                reasons.append(f"{lines} dòng báo cáo")
        if frameworks and apps.get_model("frameworks", "FrameworkPlan").objects.filter(task=task).exists():
            reasons.append("kế hoạch khung")
        if reasons:
            found.append(f"nhiệm vụ {task.key} “{task.title[:80]}” ({', '.join(reasons)})")
    return found


def _refuse_dropping_in_use(document, data: dict) -> None:
    """Refuse, naming them all, a re-import that leaves out indicators or tasks the reports still use.

    The register has no "withdrawn" state, and keeping a row the new text no longer states would show the plan
    wrong; so nothing is saved and the person decides (keep the row in the text, or correct the key).
    """
    in_use = _in_use(document, data)
    if in_use:
        raise RegisterError(
            "Không lưu: văn bản mới bỏ mất những mục đang được dùng trong báo cáo, xóa đi sẽ mất số liệu đã báo cáo: "
            + "; ".join(in_use)
            + ". Hãy giữ các mục này trong văn bản (cùng khóa, có thể sửa tên) rồi lưu lại."
        )


def _save_indicators(document, records, lookup, positions, leader_groups, actor, reason, changes) -> None:
    existing = {indicator.key: indicator for indicator in document.indicators.all()}
    saved: dict[str, Indicator] = {}
    for order, record in enumerate(records, start=1):
        key = record["key"]
        if key in saved:
            raise RegisterError(f"Khóa chỉ tiêu “{key}” bị trùng.")
        parent_key = record.get("parent")
        if parent_key and parent_key not in saved:
            raise RegisterError(f"Chỉ tiêu “{key}”: chỉ tiêu cha “{parent_key}” phải đứng trước.")
        parent = saved.get(parent_key) if parent_key else None
        indicator = existing.get(key) or Indicator(document=document, key=key)
        values = {
            "code": record.get("code") or "",
            "group": record.get("group") or "",
            "group_title": record.get("group_title") or "",
            "parent": parent,
            "depth": (parent.depth + 1) if parent else 0,
            "order": order,
            "name": record["name"],
            "unit": record.get("unit") or "",
            # A document that does not say (an imported one) keeps what the register already states.
            "measure": record.get("measure") or (indicator.measure if indicator.pk else Indicator.Measure.LEVEL_AT_END),
            "direction": record.get("direction") or (
                indicator.direction if indicator.pk else Indicator.Direction.HIGHER_BETTER
            ),
            "lead_text": record.get("lead_text") or "",
            "assessment": record.get("assessment") or "",
            # Absent (an import that read no judgement) keeps the register's; null clears it (docs/format.md).
            **(document_judgement_fields(record["judgement"]) if "judgement" in record else {}),
            **_leader_fields(record.get("leader"), positions, leader_groups),
        }
        label = f"chỉ tiêu {key}"
        save_with_audit(
            indicator, values, actor=actor, reason=reason, changes=changes, label=label,
            m2m={
                "lead_agencies": [lookup.agency(name) for name in record.get("lead_agencies", [])],
                "lead_groups": [lookup.group(name) for name in record.get("lead_groups", [])],
            },
        )
        saved[key] = indicator
        _save_targets(indicator, record.get("targets", []), actor, reason, changes, label)
        _save_values(indicator, document, record.get("values", []), actor, reason, changes, label)
    for key, indicator in existing.items():
        if key not in saved:
            delete_with_audit(indicator, actor=actor, reason=reason, changes=changes, label=f"chỉ tiêu {key}")


def _save_targets(indicator, records, actor, reason, changes, label) -> None:
    existing = {target.horizon: target for target in indicator.targets.all()}
    seen = set()
    for record in records:
        horizon = record["horizon"]
        seen.add(horizon)
        target = existing.get(horizon) or Target(indicator=indicator, horizon=horizon)
        save_with_audit(
            target, _quantity_values(record), actor=actor, reason=reason, changes=changes,
            label=f"{label}, mục tiêu {horizon}",
        )
    for horizon, target in existing.items():
        if horizon not in seen:
            delete_with_audit(target, actor=actor, reason=reason, changes=changes, label=f"{label}, mục tiêu {horizon}")


def _save_values(indicator, document, records, actor, reason, changes, label) -> None:
    """Values printed in this document; values from other sources (reports) are left alone."""
    # Only the parts of the document this data speaks for: a table-only import leaves the narrative's values.
    parts = {record.get("part") or "" for record in records} | {""}
    existing = {
        (v.period, v.kind, v.part): v for v in indicator.values.filter(source_document=document, part__in=parts)
    }
    seen = set()
    for record in records:
        kind = record["kind"]
        if kind not in IndicatorValue.Kind.values:
            raise RegisterError(f"{label}: loại số liệu không hợp lệ {kind!r}.")
        part = record.get("part") or ""
        value_key = (record["period"], kind, part)
        if value_key in seen:
            raise RegisterError(f"{label}: số liệu {kind} kỳ {record['period']} bị trùng.")
        seen.add(value_key)
        value = existing.get(value_key) or IndicatorValue(
            indicator=indicator, period=record["period"], kind=kind, source_document=document, part=part,
        )
        fields = _quantity_values(record)
        if value.pk is None or any(getattr(value, name) != new for name, new in fields.items()):
            fields["recorded_by"] = actor if getattr(actor, "pk", None) else None
        save_with_audit(
            value, fields, actor=actor, reason=reason, changes=changes, label=f"{label}, {kind} {record['period']}",
        )
    for value_key, value in existing.items():
        if value_key not in seen:
            delete_with_audit(value, actor=actor, reason=reason, changes=changes, label=f"{label}, {value_key}")


def _save_tasks(document, records, lookup, positions, leader_groups, actor, reason, changes) -> None:
    existing = {task.key: task for task in document.tasks.all()}
    seen = set()
    for order, record in enumerate(records, start=1):
        key = record["key"]
        if key in seen:
            raise RegisterError(f"Khóa nhiệm vụ “{key}” bị trùng.")
        seen.add(key)
        deadline = record.get("deadline") or {}
        framework = record.get("framework_deadline") or {}
        split = record.get("split_from") or {}
        task = existing.get(key) or Task(document=document, key=key)
        values = {
            "code": record.get("code") or "",
            "section": record.get("section") or "",
            "section_title": record.get("section_title") or "",
            "order": order,
            "title": record["title"],
            "lead_text": record.get("lead_text") or "",
            "coordinating_text": record.get("coordinating_text") or "",
            "product": record.get("product") or "",
            "deadline_text": deadline.get("text") or "",
            "deadline_kind": deadline.get("kind") or Task.DeadlineKind.UNKNOWN,
            "recurrence": deadline.get("recurrence") or None,
            "framework_deadline_text": framework.get("text") or "",
            "framework_deadline_kind": framework.get("kind") or "",
            "framework_due": _last_due(framework.get("due_dates"), label=f"nhiệm vụ {key}"),
            "note": record.get("note") or "",
            "split_from_task": split.get("task") or "",
            "split_from_document": split.get("document") or "",
            "split_from_text": split.get("text") or "",
            # Progress belongs to the reporting rounds once the task exists; a re-import leaves it.
            "status": task.status if task.pk else (record.get("status") or Task.Status.NOT_STARTED),
            "leader_group": None,
            **_leader_fields(record.get("leader"), positions, leader_groups),
        }
        label = f"nhiệm vụ {key}"
        save_with_audit(
            task, values, actor=actor, reason=reason, changes=changes, label=label,
            m2m={
                "lead_agencies": [lookup.agency(n) for n in record.get("lead_agencies", [])],
                "lead_groups": [lookup.group(n) for n in record.get("lead_groups", [])],
                "coordinating_agencies": [lookup.agency(n) for n in record.get("coordinating_agencies", [])],
                "coordinating_groups": [lookup.group(n) for n in record.get("coordinating_groups", [])],
            },
        )
        _save_due_dates(task, deadline.get("due_dates", []), actor, reason, changes, label)
        _save_references(task, record.get("references", []), actor, reason, changes, label)
    for key, task in existing.items():
        if key not in seen:
            delete_with_audit(task, actor=actor, reason=reason, changes=changes, label=f"nhiệm vụ {key}")


def _last_due(due_texts, *, label: str):
    """The last of a deadline's due dates (a framework plan is due once), or None."""
    days = []
    for text in due_texts or []:
        day, _ = parse_date(text)
        if day is None:
            raise RegisterError(f"{label}: hạn “{text}” phải là một ngày cụ thể.")
        days.append(day)
    return max(days) if days else None


def _save_due_dates(task, due_texts, actor, reason, changes, label) -> None:
    wanted = set()
    for text in due_texts:
        day, _ = parse_date(text)
        if day is None:
            raise RegisterError(f"{label}: hạn “{text}” phải là một ngày cụ thể.")
        wanted.add(day)
    existing = {due.due: due for due in task.due_dates.all()}
    for day in sorted(wanted - existing.keys()):
        save_with_audit(TaskDueDate(task=task, due=day), {}, actor=actor, reason=reason, changes=changes)
    for day in existing.keys() - wanted:
        delete_with_audit(existing[day], actor=actor, reason=reason, changes=changes, label=f"{label}, hạn {day:%d/%m/%Y}")


def _save_references(task, records, actor, reason, changes, label) -> None:
    existing = list(task.references.all())
    wanted = []
    for record in records:
        day, _ = parse_date(record.get("date"))
        number = record.get("number") or ""
        wanted.append({
            "number": number, "date": day, "text": record.get("text") or "",
            "document": _find_document(number) if number else None,
        })
    current = [{"number": r.number, "date": r.date, "text": r.text, "document": r.document} for r in existing]
    if current == wanted:
        return
    for reference in existing:
        delete_with_audit(reference, actor=actor, reason=reason, changes=changes, label=f"{label}, dẫn chiếu {reference}")
    for values in wanted:
        save_with_audit(TaskReference(task=task), values, actor=actor, reason=reason, changes=changes)


@transaction.atomic
def indicator_judge(*, indicator: Indicator, status: str, reason: str, actor) -> Judgement:
    """Record the planners' judgement of an indicator; the engine's stays beside it."""
    reason = (reason or "").strip()
    if status not in Judgement.Status.values:
        raise RegisterError(f"Đánh giá không hợp lệ: {status!r}.")
    if not reason:
        raise RegisterError("Cần ghi lý do của đánh giá.")
    judgement = Judgement(indicator=indicator, status=status, reason=reason, judged_by=actor)
    judgement.full_clean()
    judgement.save()
    record_change(judgement, before=None, after=snapshot(judgement), actor=actor, reason="đánh giá chỉ tiêu")
    return judgement
