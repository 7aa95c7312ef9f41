"""The streaming DOCX reader: the same `SourceDocument` as the python-docx reader it replaced, in bounded memory.

`_old_read_docx` below is the reader as it was (python-docx opens the package, the body is walked as a tree): every
DOCX of the repository's tests, documents made with python-docx (merged cells, nested tables) and documents whose
body XML is written by hand (content controls, custom XML, fields, tracked changes, text boxes, tab stops) must read
the same with both. Then the memory: a generated plan of a few MB, which the old reader read with a traced peak of
about 220 times the file (549 MB for 2.5 MB, 1.1 GB for 5 MB), must now stay under a small multiple of its text.
"""

from __future__ import annotations

import gc
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from planwatch.docparse import readers
from planwatch.docparse.errors import ParseError
from planwatch.docparse.model import Grid, GridCell, SourceDocument
from planwatch.textnorm import nfc

from .test_memory import load_bench

HERE = Path(__file__).resolve().parent

# --- the old reader (python-docx), kept here to compare with --------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _old_read_docx(data: bytes, filename: str | None) -> SourceDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        raise ParseError("Tệp DOCX bị hỏng, không mở được.", expected="tệp DOCX hợp lệ lưu từ Word") from exc
    lines: list[str] = []
    grids: list[Grid] = []
    body = getattr(document.element, "body", None)
    if body is None:
        raise ParseError("Tệp DOCX bị hỏng: không có thân văn bản.", expected="tệp DOCX hợp lệ lưu từ Word")
    _old_walk_body(body, lines, grids)
    return SourceDocument(lines=lines, grids=grids, format="docx", filename=filename)


def _old_walk_body(container, lines: list[str], grids: list[Grid]) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            lines.append(_old_paragraph_text(child))
        elif tag == W + "tbl":
            grids.append(Grid(_old_docx_rows(child), after_line=len(lines)))
        elif tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if tag == W + "sdt" else child
            if content is not None:
                _old_walk_body(content, lines, grids)


def _old_paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return nfc("".join(parts))


def _old_cell_text(tc) -> str:
    paragraphs: list[str] = []
    for el in tc.iterchildren():
        if el.tag == W + "p":
            paragraphs.append(_old_paragraph_text(el))
        elif el.tag == W + "tbl":
            for row in _old_docx_rows(el):
                paragraphs.append(" ".join(c.text for c in row if c.text))
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                paragraphs.append(_old_cell_text(content))
    return "\n".join(p for p in paragraphs if p.strip())


def _old_docx_rows(tbl) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    for tr in tbl.iterchildren(W + "tr"):
        row: list[GridCell] = []
        tr_pr = tr.find(W + "trPr")
        if tr_pr is not None:
            before = tr_pr.find(W + "gridBefore")
            if before is not None:
                row.extend(GridCell("", spanned=True) for _ in range(_old_int(before.get(W + "val"), 0)))
        cells = []
        for el in tr.iterchildren():
            if el.tag == W + "tc":
                cells.append(el)
            elif el.tag == W + "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    cells.extend(content.iterchildren(W + "tc"))
        for tc in cells:
            tc_pr = tc.find(W + "tcPr")
            span, continues = 1, False
            if tc_pr is not None:
                grid_span = tc_pr.find(W + "gridSpan")
                if grid_span is not None:
                    span = max(1, min(_old_int(grid_span.get(W + "val"), 1), 64))
                v_merge = tc_pr.find(W + "vMerge")
                if v_merge is not None and v_merge.get(W + "val", "continue") != "restart":
                    continues = True
                h_merge = tc_pr.find(W + "hMerge")
                if h_merge is not None and h_merge.get(W + "val", "continue") != "restart":
                    row.append(GridCell("", spanned=True))
                    continue
            if continues:
                row.append(GridCell("", merged_from_above=True))
            else:
                row.append(GridCell(_old_cell_text(tc)))
            row.extend(GridCell("", spanned=True, merged_from_above=continues) for _ in range(span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend(GridCell("", spanned=True) for _ in range(width - len(r)))
    return rows


def _old_int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


# --- documents --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bench():
    return load_bench()


def _blank_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _with_body(body: str, *, before: str = "", after: str = "") -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"{before}<w:body>{body}</w:body>{after}</w:document>"
    )
    return load_bench()._replace_part(_blank_docx(), "word/document.xml", xml.encode("utf-8"))


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _tc(inner: str, pr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{pr}</w:tcPr>' if pr else ''}{inner}</w:tc>"


_RUNS = (
    # tab stops in the paragraph's properties are `w:tab` too: the old reader counted them as spaces
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    '<w:r><w:t>Tab</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> dừng </w:t><w:br/><w:t>x</w:t><w:cr/>'
    "<w:noBreakHyphen/><w:t>y</w:t><w:softHyphen/></w:r></w:p>\n"
    '<w:p><w:hyperlink r:id="rId99"><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>'
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1/1/2024</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>\n'
    '<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>đã xóa</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="a"><w:r><w:t>thêm</w:t></w:r></w:ins>'
    '<w:moveTo w:id="3" w:author="a"><w:r><w:t> chuyển</w:t></w:r></w:moveTo></w:p>\n'
    "<w:p><w:r><w:t>   </w:t></w:r></w:p>\n<w:p/>\n  <w:p>\n  <w:r>\n <w:t>\n xuống dòng \n</w:t>\n</w:r>\n</w:p>\n"
    # decomposed accents are composed
    "<w:p><w:r><w:t>Ke\u0302\u0301 hoa\u0323ch</w:t></w:r></w:p>"
    # a text box: its paragraphs are part of the paragraph that anchors it (both the choice and the fallback)
    '<w:p><w:r><w:t>Neo </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    "<wps:txbx><w:txbxContent><w:p><w:r><w:t>hộp chữ</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>hộp chữ cũ</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    '<w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> trong dòng</w:t></w:r></w:sdtContent></w:sdt></w:p>'
    "<!-- a comment --><?pi x?>"
)

_TABLE = (
    "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    "<w:tr>" + _tc(_p("TT")) + _tc(_p("Nhiệm vụ"), '<w:gridSpan w:val="2"/>') + _tc(_p("Cơ quan")) + "</w:tr>"
    "<w:tr>" + _tc(_p("1"), '<w:vMerge w:val="restart"/>') + _tc(_p("Dòng một") + _p("") + _p("dòng hai"))
    + _tc(_p("a"), '<w:hMerge w:val="restart"/>') + _tc(_p("b"), "<w:hMerge/>") + "</w:tr>"
    "<w:tr>" + _tc(_p(""), "<w:vMerge/>") + _tc(_p("Ô"), '<w:gridSpan w:val="x"/>')
    + '<w:sdt><w:sdtPr/><w:sdtContent>' + _tc(_p("trong điều khiển")) + "</w:sdtContent></w:sdt>"
    + _tc('<w:sdt><w:sdtContent>' + _p("nội dung") + _p("ô") + "</w:sdtContent></w:sdt>") + "</w:tr>"
    '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>'
    + _tc(_p("sau hai ô"), '<w:vMerge w:val="continue"/><w:gridSpan w:val="2"/>') + "</w:tr>"
    # a nested table: its rows flattened, one line each
    "<w:tr>" + _tc(_p("Lồng")) + _tc(
        "<w:tbl><w:tr>" + _tc(_p("x1")) + _tc(_p("y1")) + "</w:tr><w:tr>" + _tc(_p("")) + _tc(_p("y2")) + "</w:tr>"
        "<w:tr>" + _tc("<w:tbl><w:tr>" + _tc(_p("sâu")) + "</w:tr></w:tbl>") + "</w:tr></w:tbl>" + _p("sau bảng")
    ) + "</w:tr>"
    # a row in a content control is not a row of the table for the old reader: ignored
    "<w:sdt><w:sdtContent><w:tr>" + _tc(_p("bỏ qua")) + "</w:tr></w:sdtContent></w:sdt>"
    '<w:tr><w:trPr><w:gridBefore w:val="-1"/></w:trPr>' + _tc(_p("ngắn")) + "</w:tr>"
    "</w:tbl>"
)

_BLOCKS = (
    _p("Mở đầu")
    + "<w:bookmarkStart w:id=\"0\" w:name=\"a\"/>"
    + _RUNS
    + _TABLE
    + "<w:sdt><w:sdtPr/><w:sdtContent>" + _p("trong điều khiển nội dung") + _TABLE
    + "<w:sdt><w:sdtContent>" + _p("lồng hai lần") + "</w:sdtContent></w:sdt>"
    + "<w:customXml><w:p><w:r><w:t>xml riêng trong điều khiển</w:t></w:r></w:p></w:customXml>"
    + "</w:sdtContent><w:sdtContent>" + _p("nội dung thứ hai: bỏ qua") + "</w:sdtContent></w:sdt>"
    + "<w:sdt><w:sdtPr/></w:sdt>"
    + '<w:customXml w:element="x"><w:customXmlPr/>' + _p("trong xml riêng")
    + "<w:customXml>" + _TABLE + "</w:customXml></w:customXml>"
    + "<w:ins w:id=\"9\"><w:p><w:r><w:t>đoạn trong w:ins: bỏ qua</w:t></w:r></w:p></w:ins>"
    + "<w:tbl></w:tbl>"
    + _p("Kết thúc")
    + "<w:sectPr/>"
)


def _handmade() -> dict[str, bytes]:
    return {
        "tu-viet.docx": _with_body(_BLOCKS),
        "hai-than.docx": _with_body(_p("một"), after="<w:body>" + _p("thân thứ hai: bỏ qua") + "</w:body>"),
        "truoc-than.docx": _with_body(_p("sau nền"), before='<w:background w:color="FFFFFF"/>'),
        "trong.docx": _with_body(""),
        "chi-bang.docx": _with_body(_TABLE),
    }


def _made_with_python_docx() -> dict[str, bytes]:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    run = document.add_paragraph().add_run("Đoạn có\tdấu tab và")
    run.add_break()
    run.add_text("ngắt dòng")
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"ô {r}.{c}"
    table.cell(0, 1).merge(table.cell(0, 3))  # gridSpan
    table.cell(1, 0).merge(table.cell(3, 0))  # vMerge
    table.cell(2, 2).merge(table.cell(3, 3))  # both
    table.cell(1, 2).add_paragraph("đoạn thứ hai trong ô")
    nested = table.cell(1, 1).add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "lồng"
    nested.cell(1, 1).text = "bên trong"
    document.add_paragraph("Giữa hai bảng")
    second = document.add_table(rows=2, cols=3)
    second.cell(0, 0).text = "một"
    second.cell(1, 2).text = "hai"
    document.add_paragraph("Cuối")
    out = io.BytesIO()
    document.save(out)
    return {"python-docx.docx": out.getvalue()}


def _all_documents() -> list[tuple[str, bytes]]:
    found = sorted(p for d in (HERE / "documents", HERE / "corpus") for p in d.rglob("*.docx"))
    out = [(str(p.relative_to(HERE)), p.read_bytes()) for p in found]
    out += sorted(_handmade().items())
    out += sorted(_made_with_python_docx().items())
    bench = load_bench()
    out.append(("bench-runs.docx", bench.plan_docx(60_000, clauses=20)))
    out.append(("bench-plain.docx", bench.plan_docx(40_000, clauses=20, word_runs=False)))
    return out


def _outcome(read, data: bytes, name: str):
    try:
        return read(data, name)
    except ParseError as error:
        return ("refused", error.message)


@pytest.mark.parametrize("name, data", _all_documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_streaming_reader_reads_what_python_docx_read(name, data):
    old = _outcome(_old_read_docx, data, name)
    new = _outcome(readers.read, data, name)
    if isinstance(old, tuple):  # the old reader's refusals: only the bad documents of tests/docparse/documents/bad
        assert "bad" in name and old == new or isinstance(new, tuple), (old, new)
        return
    assert isinstance(new, SourceDocument), new
    assert new.lines == old.lines
    assert len(new.grids) == len(old.grids)
    for new_grid, old_grid in zip(new.grids, old.grids):
        assert new_grid.after_line == old_grid.after_line
        assert new_grid.rows == old_grid.rows
    assert new == old


def test_the_handmade_document_has_what_it_is_meant_to_test():
    doc = readers.read(_handmade()["tu-viet.docx"], "x.docx")
    assert doc.lines[1] == " Tab  dừng  x -y"  # the tab stop definition counts as a space, as it did
    assert doc.lines[2] == "liên kết31/1/2024"  # field results, not their instructions
    assert doc.lines[3] == "thêm chuyển"  # deleted text left out
    assert doc.lines[4:8] == ["   ", "", "\n xuống dòng \n", "Kế hoạch"]
    assert doc.lines[8] == "Neo hộp chữhộp chữ cũ trong dòng"
    assert doc.lines[9:] == ["trong điều khiển nội dung", "lồng hai lần", "xml riêng trong điều khiển",
                             "trong xml riêng", "Kết thúc"]
    assert [g.after_line for g in doc.grids] == [9, 10, 13, 13]
    rows = doc.grids[0].rows
    assert [[c.text for c in r] for r in rows] == [
        ["TT", "Nhiệm vụ", "", "Cơ quan"],
        ["1", "Dòng một\ndòng hai", "a", ""],
        ["", "Ô", "trong điều khiển", "nội dung\nô"],
        ["", "", "", ""],
        ["Lồng", "x1 y1\ny2\nsâu\nsau bảng", "", ""],
        ["ngắn", "", "", ""],
    ]
    assert [[(c.merged_from_above, c.spanned) for c in r] for r in rows[2:4]] == [
        [(True, False), (False, False), (False, False), (False, False)],
        [(False, True), (False, True), (True, False), (True, True)],
    ]
    assert doc.grids[3].rows == []


def test_the_main_part_is_the_one_the_package_names():
    blank = _blank_docx()
    source = zipfile.ZipFile(io.BytesIO(blank))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "_rels/.rels":
                content = content.replace(b"word/document.xml", b"word/main.xml")
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"/word/document.xml", b"/word/main.xml")
            target.writestr(item.filename, content)
        target.writestr("word/main.xml", zipfile.ZipFile(io.BytesIO(_with_body(_p("phần chính")))).read("word/document.xml"))
    data = out.getvalue()
    assert readers.read(data, "x.docx").lines == ["phần chính"] == _old_read_docx(data, "x.docx").lines


def test_a_macro_document_is_refused_as_before():
    source = zipfile.ZipFile(io.BytesIO(_blank_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            target.writestr(item.filename, content)
    with pytest.raises(ParseError, match="bị hỏng"):
        _old_read_docx(out.getvalue(), "x.dotx")
    with pytest.raises(ParseError, match="bị hỏng"):
        readers.read(out.getvalue(), "x.dotx")


def test_a_dtd_in_any_part_is_refused_before_lxml_reads_the_body(monkeypatch):
    from planwatch.docparse import docx_stream

    def never(*args, **kwargs):
        raise AssertionError("the body was read before every part was checked")

    monkeypatch.setattr(docx_stream, "read_body", never)
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'
    for part in ("word/styles.xml", "word/document.xml", "word/_rels/document.xml.rels"):
        data = load_bench()._replace_part(_blank_docx(), part, bomb)
        with pytest.raises(ParseError, match="bom XML"):
            readers.read(data, "x.docx")


# --- memory -----------------------------------------------------------------------------------------------------


def _traced(function):
    gc.collect()
    tracemalloc.start()
    try:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak, seconds


def test_a_large_word_document_is_read_in_memory_linear_in_its_text(bench):
    readers.read(bench.plan_docx(5_000, clauses=5), "khoi-dong.docx")  # imports are paid once per process
    data = bench.plan_docx(2 * 2**20)  # Word-like runs: about 2 MB of DOCX, 4.8 MB of text, 36 MB of XML
    doc, peak, seconds = _traced(lambda: readers.read(data, "ke-hoach-lon.docx"))
    text = sum(len(line.encode()) for line in doc.lines) + sum(
        len(c.text.encode()) for g in doc.grids for r in g.rows for c in r
    )
    assert len(doc.lines) > 10_000 and len(doc.grids) > 100 and text > 4 * 2**20
    # The old reader (defusedxml trees of every part kept, then python-docx's whole tree) peaked at 549 MB for a
    # 2.5 MB document of this kind, about 95 times its text. Streamed, what is left is the text read itself.
    assert peak < 8 * text, f"peak {peak / 2**20:.0f} MB for {text / 2**20:.1f} MB of text ({seconds:.1f} s)"
    assert peak < 60 * 2**20, f"peak {peak / 2**20:.0f} MB"
