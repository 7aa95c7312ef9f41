"""What the API reads: the user's visible sets (planwatch.accounts.access), filtered and loaded in fixed queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from planwatch import textnorm
from planwatch.accounts.access import visible_documents, visible_indicators, visible_tasks
from planwatch.frameworks.models import FrameworkPlan, Step
from planwatch.registry.models import Document, Indicator, IndicatorValue, Task
from planwatch.reporting.access import visible_reports, visible_rounds
from planwatch.reporting.models import Report, Round


def clean_text(text: str | None) -> str:
    """A query parameter as text: PostgreSQL refuses NUL characters, and nobody searches for them."""
    return (text or "").replace("\x00", "").strip()


def _search(queryset: QuerySet, q: str | None) -> QuerySet:
    """Every word of q in the row's search key: no case, no diacritics (`so y te` finds `Sở Y tế`)."""
    for word in textnorm.fold(clean_text(q)).split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset


def documents(user, *, q=None, year=None, kind=None) -> QuerySet[Document]:
    queryset = _search(visible_documents(user), q)
    if year is not None:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=clean_text(kind))
    return queryset.order_by("-year", "-date", "number", "pk")


def indicators(user, *, document=None, q=None, agency=None) -> QuerySet[Indicator]:
    queryset = _search(visible_indicators(user), q)
    if document is not None:
        queryset = queryset.filter(document_id=document)
    if agency is not None:
        queryset = queryset.filter(pk__in=Indicator.objects.filter(lead_agencies=agency).values("pk"))
    return (
        queryset.select_related("leader").prefetch_related("lead_agencies")
        .order_by("document_id", "order", "pk")
    )


def indicator_values(user, *, indicator=None, document=None, year=None, kind=None) -> QuerySet[IndicatorValue]:
    queryset = IndicatorValue.objects.filter(indicator__in=visible_indicators(user).values("pk"))
    if indicator is not None:
        queryset = queryset.filter(indicator_id=indicator)
    if document is not None:
        queryset = queryset.filter(indicator__document_id=document)
    if year is not None:
        queryset = queryset.filter(period__startswith=str(year))
    if kind:
        queryset = queryset.filter(kind=clean_text(kind))
    return queryset.order_by("indicator_id", "period", "kind", "pk")


def tasks(user, *, document=None, q=None, agency=None, status=None, year=None) -> QuerySet[Task]:
    queryset = _search(visible_tasks(user), q)
    if document is not None:
        queryset = queryset.filter(document_id=document)
    if agency is not None:
        queryset = queryset.filter(
            pk__in=Task.objects.filter(Q(lead_agencies=agency) | Q(coordinating_agencies=agency)).values("pk")
        )
    if status:
        queryset = queryset.filter(status=clean_text(status))
    if year is not None:
        queryset = queryset.filter(pk__in=Task.objects.filter(due_dates__due__year=year).values("pk"))
    return (
        queryset.select_related("leader")
        .prefetch_related("lead_agencies", "coordinating_agencies", "due_dates")
        .order_by("document_id", "order", "pk")
    )


def framework_plans(user, *, document=None, agency=None, status=None) -> QuerySet[FrameworkPlan]:
    task_ids = visible_tasks(user)
    if document is not None:
        task_ids = task_ids.filter(document_id=document)
    if agency is not None:
        task_ids = task_ids.filter(pk__in=Task.objects.filter(lead_agencies=agency).values("pk"))
    queryset = FrameworkPlan.objects.filter(task__in=task_ids.values("pk"))
    if status:
        queryset = queryset.filter(status=clean_text(status))
    return (
        queryset.select_related("task")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("order", "pk")))
        .order_by("task__document_id", "task__order", "pk")
    )


def rounds(user, *, status=None, year=None, document=None) -> QuerySet[Round]:
    queryset = visible_rounds(user)
    if status:
        queryset = queryset.filter(status=clean_text(status))
    if year is not None:
        queryset = queryset.filter(period__startswith=str(year))
    if document is not None:
        queryset = queryset.filter(pk__in=Round.documents.through.objects.filter(document_id=document).values("round_id"))
    return queryset.prefetch_related("documents").order_by("-deadline", "-pk")


def reports(user, *, round=None, agency=None, status=None, year=None) -> QuerySet[Report]:
    queryset = visible_reports(user)
    if round is not None:
        queryset = queryset.filter(round_id=round)
    if agency is not None:
        queryset = queryset.filter(agency_id=agency)
    if status:
        queryset = queryset.filter(status=clean_text(status))
    if year is not None:
        queryset = queryset.filter(round__period__startswith=str(year))
    return queryset.select_related("round", "agency").order_by("-round__deadline", "-round_id", "agency__name", "pk")
