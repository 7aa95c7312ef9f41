"""Exchange formats, pure Python (no Django): DHIS2 dataValueSets (JSON and CSV) and SDMX-CSV 2.0.

The Django side turns indicator values into `Observation`s and back; this module only knows texts, codes and
decimals. Mappings and their limits are written down in docs/exchange.md.

One error type, `ExchangeError`, for a file we cannot read at all; a single row that cannot be used is a
`RowProblem` the importer lists beside the others, so one run tells every problem of a file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from planwatch.engine.numbers import plain
from planwatch.engine.periods import HALF, NINE_MONTHS, QUARTER, SPAN, YEAR, Period, PeriodError
from planwatch.spreadsheets import csv_text

KINDS = ("plan", "estimate", "actual", "required")
# Our value kind as a DHIS2 category option combo code: plan and actual of the same year are two data values,
# and DHIS2 tells them apart by the combo, never by the comment. The codes are the planners' own abbreviations.
KIND_TO_COMBO = {"plan": "KH", "estimate": "UTH", "actual": "TH", "required": "NV"}
COMBO_TO_KIND = {combo: kind for kind, combo in KIND_TO_COMBO.items()}
KIND_LABELS = {"plan": "Kế hoạch (KH)", "estimate": "Ước thực hiện (ƯTH)", "actual": "Thực hiện (TH)",
               "required": "Nhiệm vụ cần đạt (NV)"}
# DHIS2's own "default" category option combo, as DHIS2 exports it (UID, code or name): a value without
# disaggregation. A figure that DHIS2 holds without our combos is an actual.
DHIS2_DEFAULT_COMBOS = {"", "HllvX50cXC0", "default"}

# SDMX cross-domain code list CL_OBS_STATUS: A normal value, E estimated value, F forecast value.
# A plan figure and the "must still be reached" figure are both forward-looking: F; VALUE_KIND tells them apart.
KIND_TO_OBS_STATUS = {"actual": "A", "estimate": "E", "plan": "F", "required": "F"}

DHIS2_CSV_COLUMNS = ("dataelement", "period", "orgunit", "categoryoptioncombo", "attroptioncombo", "value",
                     "storedby", "lastupdated", "comment", "followup")
SDMX_CSV_COLUMNS = ("STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE",
                    "UNIT_MEASURE", "OBS_STATUS", "VALUE_KIND")
SDMX_AGENCY = "VN_PLANWATCH"

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_CODE_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
# DHIS2 code columns are 50 characters long.
DHIS2_CODE_LIMIT = 50


class ExchangeError(ValueError):
    """A file that is not the format it claims to be (not JSON, no dataValues list, wrong header)."""


class Unsupported(ValueError):
    """A value the target format cannot hold; the message is the reason given in the export summary."""


# Codes --------------------------------------------------------------------------------------------


def _ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _CODE_UNSAFE.sub("-", text).strip("-").lower()


def data_element_code(document_slug: str, indicator_key: str) -> str:
    """The indicator's exchange code: the document slug and the key, `kh-ubnd-2024-..._1-3-1`.

    Letters, digits, `-` and `_` only, so the same code is a DHIS2 code and an SDMX ID. Indicator.code is the
    row number as printed (`-`, `+`, `Tr.đó`), neither unique nor stable, so it is not used."""
    return f"{document_slug}_{_ascii_slug(indicator_key)}"


def org_unit_code(name: str, short_name: str = "") -> str:
    """An agency's exchange code: its name without diacritics (`so-ke-hoach-va-dau-tu`); the short name when
    the name would pass DHIS2's 50 characters."""
    code = _ascii_slug(name)
    if len(code) > DHIS2_CODE_LIMIT and short_name:
        code = _ascii_slug(short_name)
    return code[:DHIS2_CODE_LIMIT]


# Periods -----------------------------------------------------------------------------------------


def dhis2_period(code: str) -> str:
    """Our period code in DHIS2 period syntax; Unsupported for what DHIS2 has no period type for."""
    period = Period.parse(code)
    if period.kind == YEAR:
        return str(period.start_year)
    if period.kind == QUARTER:
        return f"{period.start_year}Q{period.last_month // 3}"
    if period.kind == HALF:
        return f"{period.start_year}S{period.last_month // 6}"
    if period.kind == NINE_MONTHS:
        raise Unsupported("DHIS2 không có loại kỳ chín tháng")
    raise Unsupported("DHIS2 không có loại kỳ nhiều năm")


_DHIS2_PERIOD = re.compile(r"^(?P<year>\d{4})(?:(?P<q>Q[1-4])|(?P<s>S[12]))?$")


def period_from_dhis2(text: str) -> str:
    """A DHIS2 yearly, quarterly or six-monthly period as our code; PeriodError for anything else."""
    match = _DHIS2_PERIOD.match((text or "").strip())
    if not match:
        raise PeriodError(f"kỳ “{text}” không đọc được: cần năm (2024), quý (2024Q2) hoặc sáu tháng (2024S1)")
    if match["q"]:
        return f"{match['year']}-{match['q']}"
    if match["s"]:
        return f"{match['year']}-H{match['s'][1]}"
    return match["year"]


def sdmx_period(code: str) -> str:
    """Our period code as an SDMX TIME_PERIOD: reporting periods `2024-Q2`, `2024-S1`, and ISO 8601 time
    ranges (start/duration) for the first nine months and for spans of years, which SDMX has no period for."""
    period = Period.parse(code)
    if period.kind == YEAR:
        return str(period.start_year)
    if period.kind == QUARTER:
        return f"{period.start_year}-Q{period.last_month // 3}"
    if period.kind == HALF:
        return f"{period.start_year}-S{period.last_month // 6}"
    if period.kind == NINE_MONTHS:
        return f"{period.start_year}-01-01/P9M"
    assert period.kind == SPAN
    return f"{period.start_year}-01-01/P{period.length_years}Y"


# Numbers -----------------------------------------------------------------------------------------


def value_text(value: Decimal) -> str:
    """A decimal as the formats write it: a dot, no thousands separator, no exponent (`1162.6`)."""
    if not isinstance(value, Decimal):
        # A float would already have lost digits (2.97 is 2.9700000000000002 in binary).
        raise TypeError(f"expected a Decimal, got {type(value).__name__}")
    return plain(value)


def parse_value(text: str) -> Decimal:
    """A DHIS2 value as a Decimal; ValueError for anything but a plain number with a dot decimal."""
    text = (text or "").strip() if isinstance(text, str) else text
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        # JSON floats never get here: the reader parses them as Decimal. True would be 1.
        raise ValueError(f"giá trị “{text}” không phải là số")
    text = str(text)
    if not _NUMBER.match(text):
        raise ValueError(f"giá trị “{text}” không phải là số (cần dạng 6.27, dấu chấm thập phân)")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guarantees a number
        raise ValueError(f"giá trị “{text}” không phải là số") from exc


# Writing -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One figure to exchange: an indicator's value of one kind for one period at one unit."""

    data_element: str
    org_unit: str
    period: str  # our code: 2024, 2024-Q2, 2024-H1, 2024-9M, 2021-2025
    kind: str
    value: Decimal
    unit: str = ""
    provenance: str = ""
    stored_by: str = ""
    last_updated: str = ""  # ISO 8601

    @property
    def comment(self) -> str:
        label = KIND_LABELS.get(self.kind, self.kind)
        return f"{label}; {self.provenance}" if self.provenance else label


@dataclass(frozen=True)
class Skipped:
    data_element: str
    period: str
    kind: str
    reason: str


def dhis2_rows(observations) -> tuple[list[dict], list[Skipped]]:
    rows, skipped = [], []
    for obs in observations:
        try:
            period = dhis2_period(obs.period)
        except Unsupported as exc:
            skipped.append(Skipped(obs.data_element, obs.period, obs.kind, str(exc)))
            continue
        rows.append({
            "dataElement": obs.data_element, "period": period, "orgUnit": obs.org_unit,
            "categoryOptionCombo": KIND_TO_COMBO[obs.kind], "value": value_text(obs.value),
            "storedBy": obs.stored_by, "lastUpdated": obs.last_updated, "comment": obs.comment,
        })
    return rows, skipped


def dhis2_json(observations, *, data_set: str = "", complete_date: str = "") -> tuple[bytes, list[Skipped]]:
    rows, skipped = dhis2_rows(observations)
    message: dict = {}
    if data_set:
        message["dataSet"] = data_set
    if complete_date:
        message["completeDate"] = complete_date
    message["dataValues"] = [{k: v for k, v in row.items() if v != ""} for row in rows]
    text = json.dumps(message, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8"), skipped


def dhis2_csv(observations) -> tuple[bytes, list[Skipped]]:
    rows, skipped = dhis2_rows(observations)
    lines = [DHIS2_CSV_COLUMNS, *(
        [row["dataElement"], row["period"], row["orgUnit"], row["categoryOptionCombo"], "", row["value"],
         row["storedBy"], row["lastUpdated"], row["comment"], "false"]
        for row in rows
    )]
    return csv_text(lines, safe=False, lineterminator="\n").encode("utf-8"), skipped


def sdmx_dataflow(document_slug: str) -> str:
    """The STRUCTURE_ID of a plan's dataflow: `VN_PLANWATCH:DF_PLAN_<SLUG>(1.0)`."""
    return f"{SDMX_AGENCY}:DF_PLAN_{_CODE_UNSAFE.sub('_', document_slug).upper()}(1.0)"


def sdmx_csv(observations, *, dataflow: str) -> tuple[bytes, list[Skipped]]:
    """SDMX-CSV 2.0: every period can be written (time ranges), so nothing is skipped here."""
    lines = [SDMX_CSV_COLUMNS, *(
        ["dataflow", dataflow, "I", obs.org_unit, obs.data_element, sdmx_period(obs.period), value_text(obs.value),
         obs.unit, KIND_TO_OBS_STATUS[obs.kind], obs.kind]
        for obs in observations
    )]
    # A machine format: fields as they are (a negative value is a number to DHIS2 and SDMX, not a formula).
    return csv_text(lines, safe=False, lineterminator="\n").encode("utf-8"), []


# Reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataValue:
    """One entry of a dataValueSets file as written, before it is understood."""

    number: int  # 1-based position in dataValues, for messages
    data_element: str
    period: str
    org_unit: str
    category_option_combo: str
    attribute_option_combo: str
    value: object
    comment: str


@dataclass(frozen=True)
class Reading:
    """A data value understood: our period code, value kind and decimal."""

    entry: DataValue
    period: str
    kind: str
    value: Decimal


def read_dhis2_json(content: bytes) -> list[DataValue]:
    try:
        # Decimals, never floats: `2.97` must stay 2.97.
        message = json.loads(content.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(f"tệp không phải JSON đọc được ({exc})") from exc
    if not isinstance(message, dict) or not isinstance(message.get("dataValues"), list):
        raise ExchangeError("tệp không phải dataValueSets của DHIS2: thiếu danh sách “dataValues”")
    entries = []
    for number, item in enumerate(message["dataValues"], start=1):
        if not isinstance(item, dict):
            raise ExchangeError(f"dòng {number} của “dataValues” không phải một đối tượng JSON")

        def text(name, item=item):
            value = item.get(name)
            return "" if value is None else str(value).strip()

        entries.append(DataValue(
            number=number, data_element=text("dataElement"), period=text("period"), org_unit=text("orgUnit"),
            category_option_combo=text("categoryOptionCombo"), attribute_option_combo=text("attributeOptionCombo"),
            value=item.get("value"), comment=text("comment"),
        ))
    return entries


def understand(entry: DataValue) -> tuple[Reading | None, list[str]]:
    """The entry's period, kind and value, or the problems that stop it being used."""
    problems = []
    try:
        period = period_from_dhis2(entry.period)
    except PeriodError as exc:
        period, problems = "", [str(exc)]
    combo = entry.category_option_combo
    if combo in COMBO_TO_KIND:
        kind = COMBO_TO_KIND[combo]
    elif combo in KINDS:
        kind = combo
    elif combo in DHIS2_DEFAULT_COMBOS:
        kind = "actual"
    else:
        kind = ""
        problems.append(f"categoryOptionCombo “{combo}” không biết: dùng KH, UTH, TH hoặc NV")
    value = entry.value
    try:
        number = value if isinstance(value, Decimal) else parse_value(value)
    except ValueError as exc:
        number = None
        problems.append(str(exc))
    if problems:
        return None, problems
    return Reading(entry=entry, period=period, kind=kind, value=number), []
