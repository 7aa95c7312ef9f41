"""The document's own judgement of its indicators, read onto planwatch's scale, and where it differs from planwatch's.

A plan states its judgement in words: a Đánh giá cell (`Đạt`, `Vượt`, `Rất thách thức`) or prose beside an
indicator (appendix 01a of the 2024 plan: `là nhiệm vụ rất thách thức`, `vượt chỉ tiêu kế hoạch sớm 2 năm`,
`dự kiến hoàn thành chỉ tiêu`). `read_judgement` is the one place that reads such words; docs/judgements.md gives
the table. The register keeps the words as written and the status they mean (`Indicator.document_judgement`,
`document_judgement_status`); `judgement_disagreements` lists the rows where planwatch says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch import engine, textnorm
from planwatch.engine.assessment import EXCEEDED, MET, NOT_MET
from planwatch.engine.status import STATUSES
from planwatch.registry.explanations import reason_text
from planwatch.registry.models import Indicator, Judgement
from planwatch.registry.saving import RegisterError

if TYPE_CHECKING:
    from planwatch.registry.computing import DocumentComputation

# The verdict of a Đánh giá cell, alone: it judges a value against the plan of the same period (the `assessment`
# vocabulary), not the outlook for the end of the plan, so it states no status.
_VERDICTS = {
    "dat": MET, "da dat": MET, "hoan thanh": MET, "da hoan thanh": MET,
    "vuot": EXCEEDED, "da vuot": EXCEEDED, "vuot muc": EXCEEDED, "hoan thanh vuot muc": EXCEEDED,
    "khong dat": NOT_MET, "chua dat": NOT_MET, "khong hoan thanh": NOT_MET, "chua hoan thanh": NOT_MET,
}
_VERDICT = re.compile(r"^(?P<verdict>.+?)(?: (?:ke hoach|kh|chi tieu|muc tieu))?$")

# Words stating the outlook, on folded text (textnorm.key: no case, no diacritics, no punctuation); the first
# status whose words appear wins, so "rất thách thức, dự kiến không đạt" is very challenging, not difficult, and
# "là nhiệm vụ khó khăn, cần nỗ lực … để hoàn thành" difficult, not on track.
STATUS_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    (engine.VERY_CHALLENGING, re.compile(
        r"\brat (thach thuc|kho khan)\b|\bdu kien khong (dat|hoan thanh)\b"
        r"|\bkhong (the|co kha nang) (dat|hoan thanh)\b|\bkho co kha nang\b")),
    (engine.DIFFICULT, re.compile(
        r"\bthach thuc\b|\bkho khan\b|\bkho (dat|hoan thanh)\b|\bcham tien do\b|\btien do (dang )?cham\b")),
    (engine.ACHIEVED_EARLY, re.compile(
        r"\bsom (\d+|mot|hai|ba) nam\b|\b(dat|vuot|hoan thanh)( (chi tieu|ke hoach|muc tieu))* som\b"
        r"|\bve dich som\b")),
    (engine.ON_TRACK, re.compile(
        r"\b(du kien|co kha nang|se|dam bao) (dat|hoan thanh)\b|\bdung tien do\b"
        # `hoàn thành chỉ tiêu nhiệm kỳ` said of what is still to come; `đã`, `chưa`, `không` before it say otherwise
        r"|(?<!chua )(?<!khong )(?<!da )\bhoan thanh (chi tieu|ke hoach|muc tieu)\b")),
)


@dataclass(frozen=True)
class StatedJudgement:
    """What a document's words say: a status on the engine's scale, or a bare verdict; "" for what they do not."""

    status: str = ""
    verdict: str = ""  # met / exceeded / not_met: a Đánh giá cell holding only `Đạt`, `Vượt`, `Không đạt`...


def read_judgement(text: str | None) -> StatedJudgement:
    """`Rất thách thức` → very_challenging; `vượt chỉ tiêu sớm 2 năm` → achieved_early; `Dự kiến hoàn thành` →
    on_track; `Khó khăn` → difficult; `Đạt` → verdict met, no status. Words that say neither (`chưa đạt như mong
    muốn`, `đã hoàn thành kế hoạch năm` in prose: the year's plan or the term's target?) give nothing."""
    words = textnorm.key(text or "")
    if not words:
        return StatedJudgement()
    bare = _VERDICT.match(words)
    if bare and bare["verdict"] in _VERDICTS:
        return StatedJudgement(verdict=_VERDICTS[bare["verdict"]])
    for status, pattern in STATUS_WORDS:
        if pattern.search(words):
            return StatedJudgement(status=status)
    return StatedJudgement()


def document_judgement_fields(record: dict | None) -> dict:
    """The register's two fields from a format record `{"text": …, "status": …}`: the words as written, and the
    status given (checked against the scale) or else read from the words."""
    if not record:
        return {"document_judgement": "", "document_judgement_status": ""}
    text = " ".join(str(record.get("text") or "").split())
    status = record.get("status") or read_judgement(text).status
    if status and status not in STATUSES:
        raise RegisterError(f"Đánh giá của văn bản không hợp lệ: {status!r}.")
    return {"document_judgement": text, "document_judgement_status": "" if status == engine.UNKNOWN else status}


def judgements_from_tables(data: dict, parsed) -> dict:
    """Give each indicator read from a table row with a Đánh giá column that cell's words as its `judgement`.

    The parser keeps only a verdict code (`assessment`: Đạt, Vượt, Không đạt) and warns about words it does not
    know as one (`Rất thách thức`), so the words are taken from the table it read, matched by the row's source.
    """
    from planwatch.docparse.celltext import clean

    cells: dict[tuple, str] = {}
    for table in parsed.tables:
        column = table.column_index("assessment")
        if column is None:
            continue
        for row in table.rows:
            text = clean(row.cells[column].text, breaks=False) if column < len(row.cells) else ""
            if text:
                cells[_source_key(row.source.to_dict(with_column=False))] = text
    for indicator in data.get("indicators", []):
        text = cells.get(_source_key(indicator.get("source") or {}))
        if text and not indicator.get("judgement"):
            indicator["judgement"] = {"text": text, "status": read_judgement(text).status or None}
    return data


def _source_key(source: dict) -> tuple:
    return tuple(sorted(source.items()))


def judgement_to_format(indicator: Indicator) -> dict | None:
    if not indicator.document_judgement and not indicator.document_judgement_status:
        return None
    return {"text": indicator.document_judgement, "status": indicator.document_judgement_status or None}


# Disagreements -------------------------------------------------------------------------------------------------

STATUS, VERDICT = "status", "verdict"
_VERDICT_LABELS = {EXCEEDED: gettext_lazy("Vượt"), MET: gettext_lazy("Đạt"), NOT_MET: gettext_lazy("Không đạt")}
_REACHED = {EXCEEDED, MET}


@dataclass(frozen=True)
class Disagreement:
    """One row where the document and planwatch judge differently, each with its words."""

    indicator: Indicator
    aspect: str  # STATUS: the outlook for the end of the plan; VERDICT: a value against its period's plan
    document_label: str
    document_text: str
    planwatch_label: str
    planwatch_reason: str


def status_label(status: str, *, expected_early: bool = False) -> str:
    if expected_early and status == engine.ACHIEVED_EARLY:
        return _("Dự kiến đạt sớm")
    return str(Judgement.Status(status).label) if status in Judgement.Status.values else status


def _deciding_reason(indicator: Indicator, status: str, computation: DocumentComputation) -> str:
    """The reason of the row that gives a group its status: its own, else the first of its sub-rows with it."""
    computed = computation.by_indicator.get(indicator.pk)
    if computed is not None and indicator.targets.all() and computed.status == status:
        return reason_text(computed)
    for child in getattr(indicator, "_children", ()):
        reason = _deciding_reason(child, status, computation)
        if reason:
            return reason
    return reason_text(computed) if computed is not None and indicator.targets.all() else ""


def judgement_disagreements(computation: DocumentComputation) -> list[Disagreement]:
    """Every row of the computation whose document judgement differs from planwatch's, in document order.

    A status the document states is compared with the status the row shows (a numbered row's is its group's);
    planwatch's "unknown" differs from any stated status. A verdict (`Đạt`, `Vượt`, `Không đạt`) is compared with
    the engine's assessment of the latest value: they differ when one says the plan was reached and the other not
    (`Vượt` against `Đạt` is where AssessmentRule draws its line, not a disagreement).
    """
    found: list[Disagreement] = []
    for indicator in computation.indicators:
        stated = indicator.document_judgement_status
        if stated:
            status, expected = computation.row_status(indicator)
            status = status or engine.UNKNOWN
            if status != stated:
                found.append(Disagreement(
                    indicator, STATUS, status_label(stated), indicator.document_judgement,
                    status_label(status, expected_early=expected), _deciding_reason(indicator, status, computation),
                ))
        verdict = indicator.assessment
        computed = computation.by_indicator.get(indicator.pk)
        if verdict in _VERDICT_LABELS and computed is not None and computed.assessment in _VERDICT_LABELS:
            if (verdict in _REACHED) != (computed.assessment in _REACHED):
                found.append(Disagreement(
                    indicator, VERDICT, str(_VERDICT_LABELS[verdict]), indicator.document_judgement,
                    str(_VERDICT_LABELS[computed.assessment]), reason_text(computed, "assessment"),
                ))
    return found
