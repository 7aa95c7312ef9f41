"""One table model for every layout: the 2024 plan's tables written as DOCX and as XLSX read as the text does."""

import re

import pytest

from planwatch.docparse import AgencyDirectory, LeaderDirectory, parse_bytes, parse_path, to_format
from planwatch.docparse.celltext import strip_markup

from .golden import HANOI, SEEDS

SEED = SEEDS / "002_ee97c6aad744c515.txt"


def seed_lines():
    return SEED.read_text(encoding="utf-8").split("\n")


def as_cells(line: str) -> list[str]:
    # What Word would hold: paragraphs instead of <p>, no markup.
    return [strip_markup(c).strip() for c in line.split("\t")]


@pytest.fixture(scope="module")
def directories():
    return AgencyDirectory.from_toml(HANOI / "agencies.toml"), LeaderDirectory.from_toml(HANOI / "leaders.toml")


def comparable(parsed: dict) -> dict:
    strip = lambda items: [{k: v for k, v in i.items() if k != "source"} for i in items]  # noqa: E731
    return {"indicators": strip(parsed["indicators"]), "tasks": strip(parsed["tasks"])}


@pytest.fixture(scope="module")
def from_text(directories):
    return to_format(parse_path(SEED, agencies=directories[0], leaders=directories[1]))


def test_the_same_tables_in_a_word_document_read_the_same(tmp_path_factory, directories, from_text):
    import docx

    from .documents.make_documents import _docx_table

    d = docx.Document()
    table_rows: list[list[str]] = []
    for line in seed_lines():
        if "\t" in line:
            table_rows.append(as_cells(line))
            continue
        if table_rows:
            _docx_table(d, table_rows, len(table_rows[0]))
            table_rows = []
        if line.strip():
            d.add_paragraph(line.replace("**", ""))
    if table_rows:
        _docx_table(d, table_rows, len(table_rows[0]))
    path = tmp_path_factory.mktemp("cross") / "ke-hoach-2024.docx"
    d.save(path)
    from_docx = to_format(parse_path(path, agencies=directories[0], leaders=directories[1]))
    assert comparable(from_docx) == comparable(from_text)
    assert from_docx["document"] == from_text["document"]


def test_the_same_tables_in_a_spreadsheet_read_the_same(tmp_path_factory, directories, from_text):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for line in seed_lines():
        if "\t" in line:
            ws.append(as_cells(line))
        elif re.match(r"^(Phụ lục 0|\(Kèm theo|Số|Hà Nội,|KẾ HOẠCH|Thực hiện hoàn thành|TM\.|CHỦ TỊCH|Trần Sỹ Thanh)", line.replace("**", "")):
            ws.append([line.replace("**", "")])
    for row in ws.iter_rows():
        for cell in row:
            cell.data_type = "s"  # text as the document writes it (`6.73`, `1,716.4`), not Excel numbers
    path = tmp_path_factory.mktemp("cross") / "ke-hoach-2024.xlsx"
    wb.save(path)
    from_xlsx = to_format(parse_path(path, agencies=directories[0], leaders=directories[1]))
    assert comparable(from_xlsx) == comparable(from_text)


def test_the_same_tables_one_cell_per_line_read_almost_as_the_tab_text(directories, from_text):
    """A web page copied as text gives one cell per line: the rows come back by alignment, the header repeated at
    every page and the rows cut by a page joined as in the tab layout. Where a cut row's empty cells vanished, its
    scraps may land in the name: a handful of titles differ, never the count of rows."""
    lines = []
    for line in seed_lines():
        if "\t" in line:
            lines.extend(" ".join(cell.split()) or "\u00a0" for cell in as_cells(line))
        else:
            lines.append(line)
    parsed = to_format(parse_bytes("\n".join(lines).encode("utf-8"), filename="mot-o-mot-dong.txt",
                                   agencies=directories[0], leaders=directories[1]))
    flat = lambda text: " ".join((text or "").split())  # noqa: E731 - the copy loses paragraph breaks in cells
    for what, name in (("indicators", "name"), ("tasks", "title")):
        assert len(parsed[what]) == len(from_text[what])
    same_names = sum(flat(a["name"]) == flat(b["name"]) for a, b in zip(parsed["indicators"], from_text["indicators"]))
    assert same_names >= len(from_text["indicators"]) - 1
    same_tasks = [
        (flat(a["title"]) == flat(b["title"]) and a["lead_text"] == b["lead_text"]
         and (a["deadline"] or {}).get("text") == (b["deadline"] or {}).get("text"))
        for a, b in zip(parsed["tasks"], from_text["tasks"])
    ]
    assert sum(same_tasks) >= len(from_text["tasks"]) - 3
