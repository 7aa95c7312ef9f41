"""The demo's series: plan 183's indicators linked to the 2024 plan's, so that 183 is judged from the actuals the
2024 plan holds (issue 12).

The matcher proposes as the loader; the planning department's demo account (khdt) confirms the links scoring at
least CONFIRM_AT and leaves the others on /chuoi-chi-tieu/ for a person to decide, as a reviewer would: a unit
that differs (GRDP per head in USD and in million đồng), a district rate beside a commune rate. Idempotent: a
second run finds every row of plan 183 in a series already and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from planwatch.registry.models import Document
from planwatch.series.models import SeriesMember
from planwatch.series.services import series_confirm, series_propose

LOADER = "load-demo"
PLAN_183, PLAN_2024 = "183-kh-ubnd", "kh-ubnd-2024-chi-tieu-dai-hoi-xvii"
CONFIRM_AT = Decimal("0.8")


def load_series_demo() -> list[SeriesMember]:
    """The links the demo confirmed (none on a second run)."""
    documents = {document.slug: document for document in Document.objects.filter(slug__in=[PLAN_183, PLAN_2024])}
    reviewer = get_user_model().objects.filter(username="khdt").first()
    if len(documents) < 2 or reviewer is None:
        return []
    proposed = series_propose(document=documents[PLAN_183], actor=LOADER)
    return [series_confirm(member=member, actor=reviewer) for member in proposed if member.score >= CONFIRM_AT]
