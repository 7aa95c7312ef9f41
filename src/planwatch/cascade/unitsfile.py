"""The CSV of administrative units and successions that `planwatch load-units` reads (docs/cascade.md).

One header row, then one row per unit or succession, told apart by `record`:

    record,code,name,level,parent,valid_from,valid_to,successor,date,kind
    unit,01,Thành phố Hà Nội,province,,01/08/2008,,,,
    unit,02,Tỉnh Hà Giang,province,,,30/06/2025,,,
    succession,02,,,,,,08-2025,01/07/2025,merge

Every error of the file is collected, each with its line, and reported at once: nothing is loaded from a file
with one bad row.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from planwatch.cascade.models import AdministrativeUnit, UnitSuccession
from planwatch.cascade.services import SuccessionRow, UnitRow

COLUMNS = ("record", "code", "name", "level", "parent", "valid_from", "valid_to", "successor", "date", "kind")
REQUIRED_COLUMNS = ("record", "code")
LEVELS = {
    "province": AdministrativeUnit.Level.PROVINCE, "tỉnh": AdministrativeUnit.Level.PROVINCE,
    "district": AdministrativeUnit.Level.DISTRICT, "huyện": AdministrativeUnit.Level.DISTRICT,
    "commune": AdministrativeUnit.Level.COMMUNE, "xã": AdministrativeUnit.Level.COMMUNE,
}
KINDS = {
    "merge": UnitSuccession.Kind.MERGE, "sáp nhập": UnitSuccession.Kind.MERGE,
    "split": UnitSuccession.Kind.SPLIT, "chia tách": UnitSuccession.Kind.SPLIT,
    "rename": UnitSuccession.Kind.RENAME, "đổi tên": UnitSuccession.Kind.RENAME,
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class UnitsFileError(ValueError):
    """A file that cannot be loaded; the message lists every bad line, in Vietnamese."""


def _date(text: str, *, line: int, column: str, errors: list[str]) -> date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(f"Dòng {line}: cột {column} “{text}” không phải ngày (dd/mm/yyyy).")
    return None


def read_units(data: bytes) -> tuple[list[UnitRow], list[SuccessionRow]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnitsFileError("Tệp không phải văn bản UTF-8; hãy lưu tệp CSV với mã hóa UTF-8.") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise UnitsFileError(
            f"Thiếu cột {', '.join(missing)}; dòng đầu phải là tên các cột: {','.join(COLUMNS)}."
        )
    reader.fieldnames = header
    units, successions, errors = [], [], []
    for line, row in enumerate(reader, start=2):
        cell = {name: (row.get(name) or "").strip() for name in COLUMNS}
        record, code = cell["record"].lower(), cell["code"]
        if not any(cell.values()):
            continue
        if not code:
            errors.append(f"Dòng {line}: thiếu mã đơn vị (cột code).")
            continue
        if record == "unit":
            level = LEVELS.get(cell["level"].lower())
            if level is None:
                errors.append(f"Dòng {line}: cấp “{cell['level']}” không hợp lệ; dùng province, district hoặc commune.")
            if not cell["name"]:
                errors.append(f"Dòng {line}: thiếu tên đơn vị (cột name).")
            start = _date(cell["valid_from"], line=line, column="valid_from", errors=errors)
            end = _date(cell["valid_to"], line=line, column="valid_to", errors=errors)
            if start and end and end < start:
                errors.append(f"Dòng {line}: ngày hết hiệu lực trước ngày bắt đầu hiệu lực.")
            units.append(UnitRow(code, cell["name"], level or "", cell["parent"], start, end))
        elif record == "succession":
            kind = KINDS.get(cell["kind"].lower() or "merge")
            if kind is None:
                errors.append(f"Dòng {line}: hình thức “{cell['kind']}” không hợp lệ; dùng merge, split hoặc rename.")
            if not cell["successor"]:
                errors.append(f"Dòng {line}: thiếu mã đơn vị kế thừa (cột successor).")
            day = _date(cell["date"], line=line, column="date", errors=errors)
            if day is None and cell["date"] == "":
                errors.append(f"Dòng {line}: thiếu ngày có hiệu lực (cột date).")
            successions.append(SuccessionRow(code, cell["successor"], day, kind or ""))
        else:
            errors.append(f"Dòng {line}: cột record phải là unit hoặc succession, không phải “{cell['record']}”.")
    if errors:
        raise UnitsFileError("\n".join(errors))
    return units, successions
