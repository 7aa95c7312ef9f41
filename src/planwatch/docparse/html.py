"""HTML → lines and grids: saved web pages, and `<table>` markup inside plain text.

The standard library's `html.parser` gives tags, not a tree, and forgives nothing: this module builds the tree
with the implied end tags that matter for tables (a `<td>` closes the open cell, a `<tr>` the open row, a stray
`</div>` in a cell does not close the table), then reads it. Text outside tables becomes lines (a block element
or `<br>` ends a line; scripts, styles and navigation are dropped). A table of at least three columns and two rows
with no table inside it is a data table: a `Grid`, with `rowspan` leaving `merged_from_above` cells below and
`colspan` leaving `spanned` cells after it, and a `<br>` or `<p>` in a cell as `\\n`. A table holding tables,
or narrower than that (the issuer beside the motto), is page layout: its cells are read as text, in order.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from planwatch.textnorm import nfc

from .errors import ParseError
from .model import Grid, GridCell, SourceDocument

MAX_ROWS = 20000  # readers.MAX_SHEET_ROWS
MAX_COLUMNS = 200  # readers.MAX_SHEET_COLUMNS
MAX_CELLS = 500_000  # all tables of a document together, spans included: bounds memory whatever the spans say
MAX_DEPTH = 256  # deeper elements are read as if they were at this depth

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_SKIP = {"script", "style", "noscript", "template", "nav", "head", "iframe", "object", "svg", "canvas", "select",
         "button", "math"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "blockquote", "pre",
          "section", "article", "header", "footer", "main", "aside", "address", "dl", "dt", "dd", "figure",
          "figcaption", "hr", "center", "form", "fieldset", "caption", "thead", "tbody", "tfoot", "td", "th",
          "body", "html", "title", "legend", "details", "summary"}
_CLOSES_P = _BLOCK - {"td", "th", "tr", "thead", "tbody", "tfoot", "caption", "body", "html", "title"}
_CELL_BOUNDARY = {"td", "th", "table", "caption"}
_SECTIONS = {"thead", "tbody", "tfoot"}
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attrs = attrs or {}
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]

    def _nearest(self, tags: set[str], stop: set[str] = frozenset()) -> int | None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                return i
            if tag in stop:
                return None
        return None

    def _pop_to(self, index: int) -> None:
        del self.stack[index:]

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser's signature
        tag = tag.lower()
        if tag in ("td", "th"):
            i = self._nearest({"td", "th", "tr"}, stop={"table"})
            if i is not None and self.stack[i].tag in ("td", "th"):
                self._pop_to(i)
            elif i is None and self._nearest({"table"}) is not None:
                self._push(_Node("tr"))  # a cell straight in a table: its row is implied
        elif tag == "tr":
            i = self._nearest({"tr"}, stop={"table"})
            if i is not None:
                self._pop_to(i)
        elif tag in _SECTIONS:
            i = self._nearest(_SECTIONS, stop={"table"})
            if i is not None:
                self._pop_to(i)
        elif tag == "li":
            i = self._nearest({"li"}, stop={"ul", "ol", "td", "th", "table"})
            if i is not None:
                self._pop_to(i)
        if tag in _CLOSES_P:
            i = self._nearest({"p"}, stop=_CELL_BOUNDARY | {"div", "li", "body"})
            if i is not None:
                self._pop_to(i)
        node = _Node(tag, {k.lower(): (v or "") for k, v in attrs})
        if tag in _VOID:
            self.stack[-1].children.append(node)
        else:
            self._push(node)

    def _push(self, node: _Node) -> None:
        self.stack[-1].children.append(node)
        if len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _VOID:
            return
        if tag in {"td", "th", "tr"} | _SECTIONS:
            i = self._nearest({tag}, stop={"table"})
        elif tag == "table":
            i = self._nearest({"table"})
        else:
            i = self._nearest({tag}, stop=_CELL_BOUNDARY)  # a stray end tag in a cell does not leave the cell
        if i is not None:
            self._pop_to(i)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_tree(text: str) -> _Node:
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except (AssertionError, ValueError) as exc:  # html.parser's own complaints on broken markup
        raise ParseError("Trang HTML có mã không hợp lệ, không đọc được.", expected="một trang HTML lưu từ trình duyệt") from exc
    return builder.root


# --- reading the tree ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.grids: list[Grid] = []
        self.buffer: list[str] = []
        self.cells = 0

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.lines.append(nfc(text))

    def walk(self, node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.buffer.append(child)
                continue
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == "br":
                self.flush()
            elif tag == "pre":
                self.flush()
                for line in _text_of(child, keep_newlines=True).split("\n"):
                    self.buffer.append(line)
                    self.flush()
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, node: _Node) -> None:
        rows = _rows(node)
        width = max((sum(_span(c, "colspan", 1000) for c in r) for r in rows), default=0)
        if _has_table(node) or len(rows) < 2 or width < 3:
            for child in node.children:  # the caption, in place
                if isinstance(child, _Node) and child.tag == "caption":
                    self.walk(child)
                    self.flush()
            for row in rows:
                for cell in row:
                    self.walk(cell)
                    self.flush()
            return
        for child in node.children:
            if isinstance(child, _Node) and child.tag == "caption":
                self.buffer.append(_text_of(child))
                self.flush()
        self.grids.append(Grid(self.place(rows), after_line=len(self.lines)))

    def place(self, rows: list[list[_Node]]) -> list[list[GridCell]]:
        """The cells on a regular grid: a `rowspan` leaves `merged_from_above` cells below (clipped at the
        table's last row, as browsers do), a `colspan` leaves `spanned` cells after it."""
        n_rows = len(rows)
        if n_rows > MAX_ROWS:
            raise ParseError(f"Bảng trong trang HTML có quá nhiều dòng ({n_rows}).", expected=f"không quá {MAX_ROWS} dòng")
        taken: dict[tuple[int, int], GridCell] = {}
        width = 0
        for r, cells in enumerate(rows):
            c = 0
            for node in cells:
                while (r, c) in taken:
                    c += 1
                row_span = _span(node, "rowspan", 65534)
                row_span = n_rows - r if row_span == 0 else min(row_span, n_rows - r)
                col_span = max(1, _span(node, "colspan", 1000))
                if c + col_span > MAX_COLUMNS:
                    raise ParseError(
                        f"Bảng trong trang HTML có quá nhiều cột (hơn {MAX_COLUMNS}).", expected=f"không quá {MAX_COLUMNS} cột"
                    )
                self.cells += row_span * col_span
                if self.cells > MAX_CELLS:
                    raise ParseError(
                        "Các bảng trong tài liệu có quá nhiều ô.", expected=f"tổng cộng không quá {MAX_CELLS} ô"
                    )
                for dr in range(row_span):
                    for dc in range(col_span):
                        key = (r + dr, c + dc)
                        if key in taken:
                            continue  # overlapping spans: the first cell keeps the place, as in browsers
                        if dr == 0 and dc == 0:
                            taken[key] = GridCell(_text_of(node))
                        else:
                            taken[key] = GridCell("", merged_from_above=dr > 0, spanned=dc > 0)
                c += col_span
                width = max(width, c)
        for (_, c) in taken:
            width = max(width, c + 1)
        return [[taken.get((r, c)) or GridCell("") for c in range(width)] for r in range(n_rows)]


def _span(node: _Node, name: str, limit: int) -> int:
    value = node.attrs.get(name, "").strip()
    m = re.match(r"\d+", value)
    if not m:
        return 1
    return min(int(m.group()), limit)


def _rows(table: _Node) -> list[list[_Node]]:
    """The rows of a table (in its sections, not in tables nested in its cells) and their cells."""
    rows: list[list[_Node]] = []
    for child in table.children:
        if not isinstance(child, _Node):
            continue
        if child.tag == "tr":
            rows.append(_cells(child))
        elif child.tag in _SECTIONS:
            rows.extend(_cells(tr) for tr in child.children if isinstance(tr, _Node) and tr.tag == "tr")
    return rows


def _cells(tr: _Node) -> list[_Node]:
    return [c for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")]


def _has_table(node: _Node) -> bool:
    todo = [c for c in node.children if isinstance(c, _Node)]
    while todo:
        n = todo.pop()
        if n.tag == "table":
            return True
        todo.extend(c for c in n.children if isinstance(c, _Node))
    return False


def _text_of(node: _Node, *, keep_newlines: bool = False) -> str:
    """A cell's text: `<br>` and block elements (`<p>`, `<div>`, `<li>`) break the line, spaces collapse."""
    parts: list[str] = []

    def visit(n: _Node) -> None:
        for child in n.children:
            if isinstance(child, str):
                parts.append(child if keep_newlines else child.replace("\n", " "))
            elif child.tag in _SKIP:
                continue
            elif child.tag == "br":
                parts.append("\n")
            elif child.tag in _BLOCK:
                parts.append("\n")
                visit(child)
                parts.append("\n")
            else:
                visit(child)

    visit(node)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return nfc("\n".join(line for line in lines if line))


# --- entry points ---------------------------------------------------------------------------------------


def looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def read_html(text: str, filename: str | None = None, encoding: str | None = None) -> SourceDocument:
    """A saved web page: text outside tables as lines, data tables as grids."""
    reader = _Reader()
    reader.walk(parse_tree(text))
    reader.flush()
    if not reader.lines and not reader.grids:
        raise ParseError("Trang HTML không có chữ nào để đọc.", expected="một trang web có nội dung văn bản")
    return SourceDocument(lines=reader.lines, grids=reader.grids, format="html", filename=filename, encoding=encoding)


def _table_regions(text: str) -> list[tuple[int, int]]:
    """Where each outermost `<table>...</table>` is; an unclosed table is left as text."""
    regions: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                regions.append((start, m.end()))
    return regions


def split_html_tables(text: str) -> tuple[list[str], list[Grid]]:
    """A text document with `<table>` markup in it: its lines with the markup taken out, and the tables as grids
    placed where they stood (`after_line`). A table's line is dropped when nothing else is written on it."""
    lines: list[str] = []
    grids: list[Grid] = []
    reader = _Reader()
    pos = 0
    for start, end in _table_regions(text):
        parts = text[pos:start].split("\n")
        lines.extend(parts[:-1])
        if parts[-1].strip():
            lines.append(parts[-1].rstrip())
        reader.lines, reader.grids = [], []
        reader.walk(parse_tree(text[start:end]))
        reader.flush()
        for grid in reader.grids:
            grid.after_line += len(lines)
        lines.extend(reader.lines)
        grids.extend(reader.grids)
        pos = end
        newline = text.find("\n", pos)
        rest_end = len(text) if newline == -1 else newline
        if not text[pos:rest_end].strip():
            pos = rest_end + 1 if newline != -1 else len(text)
    if pos < len(text):
        lines.extend(text[pos:].split("\n"))
    return lines, grids
