"""DOCX body → lines and grids, read by streaming `word/document.xml` (no python-docx, no whole-document tree).

The main part is parsed with lxml's `iterparse` (entities not resolved, no network, no huge trees) with the same
parser options python-docx uses (`remove_blank_text`), so the text is the one python-docx gave. Only three tags
raise events: a paragraph (`w:p`) of the body is turned into its line when it ends, a row (`w:tr`) of a table of the
body into its cells, and a table (`w:tbl`) of the body into its `Grid` once its rows are read; each is then cleared
and removed with what precedes it, so the tree in memory is one paragraph or one table row (with any nested table in
its cells), whatever the size of the document.

"Of the body" means what python-docx walked: the children of the first `w:body` of a `w:document`, of the first
`w:sdtContent` of a content control (`w:sdt`) among them and of a `w:customXml` among them, recursively. A
paragraph in a table cell, a text box or anything else is read with the block that holds it, as before.

The caller has checked the part (and every other XML part) with defusedxml first: no DTD, no entity declarations.
"""

from __future__ import annotations

import posixpath
import zipfile

from defusedxml import ElementTree as SafeET

from planwatch.textnorm import nfc

from .errors import ParseError
from .model import Grid, GridCell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WML_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

_P, _TBL, _TR = W + "p", W + "tbl", W + "tr"


def _damaged() -> ParseError:
    return ParseError("Tệp DOCX bị hỏng, không mở được.", expected="tệp DOCX hợp lệ lưu từ Word")


def main_part(zf: zipfile.ZipFile) -> str:
    """The name of the main document part, found as python-docx finds it (it refused the same packages).

    The package relationship of type officeDocument (exactly one, internal) names the part; the part must be in the
    zip and its content type (an Override, or the Default of its extension) must be a Word document's."""
    names = set(zf.namelist())
    if "_rels/.rels" not in names:
        raise _damaged()
    try:
        rels = SafeET.fromstring(zf.read("_rels/.rels"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
        types = SafeET.fromstring(
            zf.read("[Content_Types].xml"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except Exception as exc:  # noqa: BLE001 - both parts were checked already; anything here is damage
        raise _damaged() from exc
    if rels.tag != _PKG_REL + "Relationships" or types.tag != _CT + "Types":
        raise _damaged()
    targets = [
        r for r in rels.iter(_PKG_REL + "Relationship") if r.get("Type") == _OFFICE_DOCUMENT
    ]
    if len(targets) != 1 or targets[0].get("TargetMode", "Internal") != "Internal" or not targets[0].get("Target"):
        raise _damaged()
    partname = posixpath.abspath(posixpath.join("/", targets[0].get("Target")))
    member = partname[1:]
    if member not in names:
        raise _damaged()
    overrides: dict[str, str | None] = {}
    defaults: dict[str, str | None] = {}
    for el in types:
        if el.tag == _CT + "Override":
            name = el.get("PartName") or ""
            if not name.startswith("/"):
                raise _damaged()
            overrides[name.lower()] = el.get("ContentType")
        elif el.tag == _CT + "Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType")
    ext = posixpath.splitext(partname)[1][1:].lower()
    content_type = overrides.get(partname.lower(), defaults.get(ext))
    if content_type != _WML_MAIN:
        raise _damaged()
    return member


def read_body(zf: zipfile.ZipFile, member: str) -> tuple[list[str], list[Grid]]:
    """The lines (paragraphs of the body) and grids (its tables) of the main part, in body order."""
    from lxml import etree

    lines: list[str] = []
    grids: list[Grid] = []
    rows: list[list[GridCell]] = []  # of the body's table being read (body tables never nest in each other)
    try:
        with zf.open(member) as fh:
            events = etree.iterparse(
                fh, events=("end",), tag=(_P, _TBL, _TR), remove_blank_text=True, resolve_entities=False,
                no_network=True, huge_tree=False, load_dtd=False,
            )
            for _event, el in events:
                parent = el.getparent()
                tag = el.tag
                if tag == _TR:
                    if parent is None or parent.tag != _TBL or not _walked(parent.getparent()):
                        continue
                    rows.append(_docx_row(el))
                elif not _walked(parent):
                    continue
                elif tag == _P:
                    lines.append(_paragraph_text(el))
                else:  # a table of the body: its rows were read as they ended
                    grids.append(Grid(_pad(rows), after_line=len(lines)))
                    rows = []
                _release(el, parent)
            root = events.root
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml (or the zip) raises many kinds on a damaged part
        raise _damaged() from exc
    if root is None or root.tag != W + "document" or root.find(W + "body") is None:
        # python-docx's document had no body: the main part's root is not a Word document
        raise ParseError("Tệp DOCX bị hỏng: không có thân văn bản.", expected="tệp DOCX hợp lệ lưu từ Word")
    return lines, grids


def _release(el, parent) -> None:
    """Free a block that has been read and everything before it in its container."""
    el.clear(keep_tail=False)
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _first_of_its_kind(el) -> bool:
    tag = el.tag
    return not any(s.tag == tag for s in el.itersiblings(preceding=True))


def _walked(el) -> bool:
    """Whether the old reader walked `el`'s children as blocks of the body (see the module's docstring)."""
    while el is not None:
        tag = el.tag
        if tag == W + "customXml":
            el = el.getparent()
        elif tag == W + "sdtContent":
            sdt = el.getparent()
            if sdt is None or sdt.tag != W + "sdt" or not _first_of_its_kind(el):
                return False
            el = sdt.getparent()
        elif tag == W + "body":
            root = el.getparent()
            return (
                root is not None and root.getparent() is None and root.tag == W + "document" and _first_of_its_kind(el)
            )
        else:
            return False
    return False


# --- one block, as the python-docx reader read it -----------------------------------------------------------


_TEXT_TAGS = (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen")


def _paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter(_TEXT_TAGS):  # in document order, as `p.iter()` filtered by hand
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return nfc("".join(parts))


def _cell_text(tc) -> str:
    """A Word cell: its paragraphs joined by `\\n` (a paragraph break in a cell), nested tables flattened."""
    paragraphs: list[str] = []
    for el in tc.iterchildren():
        if el.tag == W + "p":
            paragraphs.append(_paragraph_text(el))
        elif el.tag == W + "tbl":
            for row in _docx_rows(el):
                paragraphs.append(" ".join(c.text for c in row if c.text))
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                paragraphs.append(_cell_text(content))
    return "\n".join(p for p in paragraphs if p.strip())


def _docx_rows(tbl) -> list[list[GridCell]]:
    return _pad([_docx_row(tr) for tr in tbl.iterchildren(W + "tr")])


def _pad(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend(GridCell("", spanned=True) for _ in range(width - len(r)))
    return rows


def _docx_row(tr) -> list[GridCell]:
    row: list[GridCell] = []
    tr_pr = tr.find(W + "trPr")
    if tr_pr is not None:
        before = tr_pr.find(W + "gridBefore")
        if before is not None:
            row.extend(GridCell("", spanned=True) for _ in range(_int(before.get(W + "val"), 0)))
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
                span = max(1, min(_int(grid_span.get(W + "val"), 1), 64))
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
            row.append(GridCell(_cell_text(tc)))
        row.extend(GridCell("", spanned=True, merged_from_above=continues) for _ in range(span - 1))
    return row


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default
