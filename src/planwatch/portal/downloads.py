"""A published plan as open data: CSV and XLSX of every target and value of record, one figure a row.

The columns have fixed ASCII names whatever the page's language (a program reading the file must not depend on
it); docs/portal.md describes them. Numbers are machine numbers (`6.27`, a dot) in `low` and `high`, and the text
as the document wrote it (`6,27`) beside them. Every text cell goes through planwatch.spreadsheets, so a name that
begins with `=` stays text. SDMX-CSV is planwatch.exchange's own export (docs/exchange.md).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.engine.numbers import plain
from planwatch.exchange.exports import export_document
from planwatch.exchange.formats import data_element_code
from planwatch.portal.selectors import indicator_values, plan_board, published_ids
from planwatch.registry.models import Document
from planwatch.spreadsheets import safe_field, set_text
from planwatch.web.templatetags.vi import status_label

COLUMNS = (
    "indicator_code", "number", "indicator", "unit", "lead_agencies", "figure", "period", "op", "low", "high",
    "as_written", "source", "status", "status_label", "reason",
)
NUMERIC = {"low", "high"}
WIDTHS = {"indicator_code": 28, "indicator": 48, "lead_agencies": 28, "as_written": 18, "source": 28, "reason": 60}


def plan_rows(document: Document) -> list[dict]:
    """Each indicator's targets, then its values of record (own and lent by its series), in document order."""
    board = plan_board(document)
    published = published_ids()
    rows = []
    for card in board.cards:
        indicator = card.indicator
        common = {
            "indicator_code": data_element_code(document.slug, indicator.key), "number": indicator.code,
            "indicator": indicator.name, "unit": indicator.unit,
            "lead_agencies": "; ".join(a.name for a in card.agencies) or indicator.lead_text,
            "status": card.status, "status_label": status_label(card.status) if card.status else "",
            "reason": card.reason,
        }
        for target in indicator.targets.all():
            rows.append({**common, **_figure(target, "target", target.horizon), "source": _("Kế hoạch này")})
        for item in indicator_values(card, published=published):
            value = item.value
            rows.append({**common, **_figure(value, value.kind, value.period), "source": item.source})
    return rows


def _figure(quantity, figure: str, period: str) -> dict:
    return {
        "figure": figure, "period": period, "op": quantity.op,
        "low": quantity.low, "high": quantity.high, "as_written": quantity.text,
    }


def _number_text(value) -> str:
    # A number planwatch computed or parsed, never a person's text: written plainly, no formula guard needed.
    return "" if value is None else plain(value)


def plan_csv(document: Document) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in plan_rows(document):
        writer.writerow([_number_text(row[c]) if c in NUMERIC else safe_field(row[c]) for c in COLUMNS])
    # With a byte order mark, Excel opens the Vietnamese letters as UTF-8 on a double click.
    return out.getvalue().encode("utf-8-sig")


def plan_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "data"
    for column, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, name)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(name, 12)
    for number, row in enumerate(plan_rows(document), start=2):
        for column, name in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=number, column=column)
            if name in NUMERIC:
                cell.value = row[name]  # a Decimal: a number cell
            else:
                set_text(cell, str(row[name] or ""))
    sheet.freeze_panes = "D2"
    about = workbook.create_sheet("document")
    facts = [
        (_("Văn bản"), str(document)), (_("Trích yếu"), document.title), (_("Cơ quan ban hành"), document.issuer),
        (_("Ngày ban hành"), document.date.strftime("%d/%m/%Y") if document.date else ""),
        (_("Giai đoạn"), document.period),
        (_("Ngày xuất dữ liệu"), timezone.localdate().strftime("%d/%m/%Y")),
    ]
    for number, (label, value) in enumerate(facts, start=1):
        set_text(about.cell(row=number, column=1), str(label))
        set_text(about.cell(row=number, column=2), value or "")
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan_sdmx_csv(document: Document) -> bytes:
    # No user: every indicator of the plan. SDMX-CSV's columns hold no person (exchange/formats.py).
    return export_document(document, fmt="sdmx-csv").content


DOWNLOADS = {
    # suffix in the address -> (writer, content type, file name ending)
    "csv": (plan_csv, "text/csv; charset=utf-8", "csv"),
    "xlsx": (plan_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "sdmx.csv": (plan_sdmx_csv, "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8", "sdmx.csv"),
}
