"""The demo's accounts: one per role of the register's story, loaded idempotently once the register they point into
is (planwatch.demo puts the parts in order; reporting.demo adds the heads and officers of its round)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from planwatch.accounts.models import Membership
from planwatch.accounts.services import account_save
from planwatch.registry.demo import LOADER
from planwatch.registry.models import Agency, Position
from planwatch.registry.services import RegisterError


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    description: str
    agency: str = ""
    person: str = ""  # a leader account takes the seat this person holds today


DEMO_ACCOUNTS = [
    DemoAccount("admin", "admin-demo-2024", Membership.Role.ADMIN, "Quản trị hệ thống"),
    DemoAccount(
        "khdt", "khdt-demo-2024", Membership.Role.PLANNING, "Cán bộ Sở Kế hoạch và Đầu tư (mọi kế hoạch)",
        agency="Sở Kế hoạch và Đầu tư",
    ),
    DemoAccount("yte", "yte-demo-2024", Membership.Role.OFFICER, "Cán bộ Sở Y tế", agency="Sở Y tế"),
    DemoAccount("yte.truong", "yte-truong-2024", Membership.Role.HEAD, "Lãnh đạo Sở Y tế", agency="Sở Y tế"),
    DemoAccount("congthuong", "ct-demo-2024", Membership.Role.OFFICER, "Cán bộ Sở Công Thương", agency="Sở Công Thương"),
    DemoAccount(
        "pct.kinhte", "pct-demo-2024", Membership.Role.LEADER, "Phó Chủ tịch UBND TP (đồng chí Hà Minh Hải)",
        person="Hà Minh Hải",
    ),
]


def _agency(name: str) -> Agency:
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        raise RegisterError(f"Tài khoản mẫu cần cơ quan “{name}” trong danh mục.")
    return agency


def _seat_of(person: str) -> Position:
    position = Position.objects.filter(tenures__person=person, tenures__end__isnull=True).first()
    position = position or Position.objects.filter(tenures__person=person).order_by("-tenures__start").first()
    if position is None:
        raise RegisterError(f"Tài khoản mẫu cần chức vụ do {person} đảm nhiệm trong danh mục lãnh đạo.")
    return position


@transaction.atomic
def load_account_demo(accounts: Iterable[DemoAccount] = DEMO_ACCOUNTS) -> None:
    for account in accounts:
        account_save(
            username=account.username,
            password=account.password,
            role=account.role,
            agency=_agency(account.agency) if account.agency else None,
            position=_seat_of(account.person) if account.person else None,
            is_superuser=account.role == Membership.Role.ADMIN,
            full_name=account.description,
            actor=LOADER,
            reason=LOADER,
        )
