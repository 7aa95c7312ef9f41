"""Writing contributions and administrative units.

Every service takes keyword-only arguments, runs in one transaction, validates with `full_clean()` (the messages
are for the planner, in Vietnamese) and leaves an audit record per row it writes. Who may call them is the
views' question (cascade.access: the planning department).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from planwatch.audit.services import record_change, snapshot
from planwatch.cascade.models import AdministrativeUnit, Contribution, UnitSuccession
from planwatch.registry.models import Indicator


def _create(obj, *, actor, reason: str):
    obj.full_clean()
    obj.save()
    record_change(obj, before=None, after=snapshot(obj), actor=actor, reason=reason)
    return obj


def _update(obj, values: dict, *, actor, reason: str) -> bool:
    """Set `values` on `obj`; save and audit only if something changed."""
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    after = snapshot(obj)
    if after == before:
        return False
    obj.full_clean()
    obj.save()
    record_change(obj, before=before, after=after, actor=actor, reason=reason)
    return True


@transaction.atomic
def contribution_add(
    *, indicator: Indicator, contributor: Indicator, actor, rule: str = Contribution.Rule.SUM,
    unit: AdministrativeUnit | None = None, weight: Decimal | None = None, base_indicator: Indicator | None = None,
    threshold: Decimal | None = None, direction: str = Contribution.Direction.AT_LEAST,
) -> Contribution:
    """`contributor` counts towards `indicator` by `rule`. Refused (ValidationError, in the planner's words): an
    indicator contributing to itself, a loop, units that do not convert, a second rule for the same indicator."""
    # Lock the higher indicator: two planners adding contributors at once must not pick two rules.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    return _create(
        Contribution(
            indicator=indicator, contributor=contributor, rule=rule, unit=unit, weight=weight,
            base_indicator=base_indicator, threshold=threshold, direction=direction,
        ),
        actor=actor, reason="thêm đóng góp từ cấp dưới",
    )


@transaction.atomic
def contribution_remove(*, contribution: Contribution, actor) -> None:
    before = snapshot(contribution)
    record_change(contribution, before=before, after=None, actor=actor, reason="bỏ đóng góp từ cấp dưới")
    contribution.delete()


# Units ----------------------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    code: str
    name: str
    level: str
    parent: str = ""  # the parent's code
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass
class SuccessionRow:
    predecessor: str
    successor: str
    day: date
    kind: str = UnitSuccession.Kind.MERGE


@dataclass
class UnitsLoaded:
    created: int = 0
    updated: int = 0
    successions: int = 0
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def units_load(*, units: list[UnitRow], successions: list[SuccessionRow], actor, reason: str = "") -> UnitsLoaded:
    """Create or update units by code, then their successions by pair: idempotent, so a corrected file is loaded
    again at will. Parents and successors may be named before they are defined in the same file."""
    reason = reason or "nạp đơn vị hành chính"
    loaded = UnitsLoaded()
    by_code = {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=[row.code for row in units])}
    for row in units:
        values = {"name": row.name, "level": row.level, "valid_from": row.valid_from, "valid_to": row.valid_to}
        unit = by_code.get(row.code)
        if unit is None:
            by_code[row.code] = _create(AdministrativeUnit(code=row.code, **values), actor=actor, reason=reason)
            loaded.created += 1
        elif _update(unit, values, actor=actor, reason=reason):
            loaded.updated += 1
    known = {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    for row in units:
        parent = known.get(row.parent) if row.parent else None
        if row.parent and parent is None:
            raise UnitsError(f"Đơn vị {row.code}: không có đơn vị cấp trên mã “{row.parent}”.")
        unit = known[row.code]
        if unit.parent_id != (parent.pk if parent else None):
            _update(unit, {"parent": parent}, actor=actor, reason=reason)
    for row in successions:
        missing = [code for code in (row.predecessor, row.successor) if code not in known]
        if missing:
            raise UnitsError(f"Kế thừa {row.predecessor} → {row.successor}: không có đơn vị mã “{missing[0]}”.")
        predecessor, successor = known[row.predecessor], known[row.successor]
        found = UnitSuccession.objects.filter(predecessor=predecessor, successor=successor).first()
        if found is None:
            _create(
                UnitSuccession(predecessor=predecessor, successor=successor, date=row.day, kind=row.kind),
                actor=actor, reason=reason,
            )
            loaded.successions += 1
        elif _update(found, {"date": row.day, "kind": row.kind}, actor=actor, reason=reason):
            loaded.successions += 1
    return loaded


class UnitsError(ValueError):
    """A units file that names a unit it does not define; the message is for the person loading it."""
