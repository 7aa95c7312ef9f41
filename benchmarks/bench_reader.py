"""Time and memory of reading large documents: `python benchmarks/bench_reader.py [--runs 3] [--docx-mb 5] [--paste-kb 327]`.

Prints, for the largest seed, a generated DOCX of about `--docx-mb` MB (long paragraphs full of `đến năm 2025 ...
đạt ...%` clauses, long numbered lists of tasks in prose, indicator tables) and a generated pasted text of about
`--paste-kb` KB: seconds per parse, the peak memory the parse allocates (tracemalloc) and, for the paste, the size of
what an import draft stores (the parsed format as JSON plus the source lines the review page shows). For the DOCX also
the reading alone (`readers.read`), and both again in a fresh process with its peak resident memory (VmHWM / ru_maxrss).

Memory must grow linearly with the document: a candidate indicator or a task keeps its own clause, never a copy of
its paragraph (see docs/parser.md, "Prose"). The generators are also used by tests/docparse/test_memory.py.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from _paths import HANOI, ROOT, SEEDS  # noqa: E402,F401 - also puts src/ on the path

from planwatch.docparse import AgencyDirectory, LeaderDirectory, parse_bytes, to_format  # noqa: E402

# --- realistic plan prose, generated ----------------------------------------------------------------------------

AGENCIES = [
    "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Nội vụ",
    "Sở Xây dựng", "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội",
    "UBND các quận, huyện, thị xã", "Các sở, ban, ngành",
]
INDICATORS = [
    "tỷ lệ hộ nghèo theo chuẩn đa chiều", "tốc độ tăng trưởng GRDP bình quân", "tỷ trọng kinh tế số trong GRDP",
    "tỷ lệ đô thị hóa", "số giường bệnh trên một vạn dân", "tỷ lệ trường học đạt chuẩn quốc gia",
    "tỷ lệ lao động qua đào tạo", "tỷ lệ dân số tham gia bảo hiểm y tế", "tỷ lệ xã đạt chuẩn nông thôn mới nâng cao",
    "tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "thu nhập bình quân đầu người khu vực nông thôn",
]
VERBS = ["Tham mưu UBND tỉnh ban hành", "Rà soát, hoàn thiện", "Tổ chức triển khai", "Xây dựng và trình", "Hướng dẫn, kiểm tra"]
OBJECTS = [
    "kế hoạch chuyển đổi số", "đề án phát triển nguồn nhân lực", "cơ chế hỗ trợ doanh nghiệp nhỏ và vừa",
    "quy hoạch mạng lưới cơ sở y tế", "chương trình phát triển đô thị", "danh mục dự án kêu gọi đầu tư",
]
DEADLINES = ["trước ngày 30/6/2025", "hoàn thành trong Quý III/2025", "trước ngày 15/12 hằng năm", "Nhiệm vụ thường xuyên", "trong tháng 9/2025"]


def _number(rng: random.Random) -> str:
    return f"{rng.randint(1, 99)},{rng.randint(0, 9)}"


def _clause(rng: random.Random) -> str:
    return f"đến năm {rng.choice((2025, 2030))} {rng.choice(INDICATORS)} đạt {rng.choice(('', 'trên ', 'khoảng '))}{_number(rng)}%"


def _goal_paragraph(rng: random.Random, clauses: int, separator: str) -> str:
    """One long paragraph of targets: `;`-separated (clauses) or `,`-separated (one sentence of many levels)."""
    if separator == ",":
        return "Mục tiêu đến năm 2025: " + ", ".join(
            f"{rng.choice(INDICATORS)} đạt {_number(rng)}%" for _ in range(clauses)) + "."
    return "Phấn đấu " + "; ".join(_clause(rng) for _ in range(clauses)) + "."


def _task(rng: random.Random, number: int) -> str:
    return (f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} số {number}, gửi về Sở Kế hoạch và Đầu tư "
            f"{rng.choice(DEADLINES)}; {_clause(rng)}.")


def plan_paragraphs(target_chars: int, *, seed: int = 7, clauses: int = 120):
    """Paragraphs (text) and tables (lists of rows) of a plan of about `target_chars` characters, in body order."""
    rng = random.Random(seed)
    blocks: list = [
        "ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM", "Số: 12/KH-UBND", "Hà Nam, ngày 5 tháng 3 năm 2024", "KẾ HOẠCH",
        "Phát triển kinh tế - xã hội giai đoạn 2021-2025",
    ]
    size = sum(map(len, blocks))
    part = 0
    while size < target_chars:
        part += 1
        roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")[part % 8]
        chunk: list = [f"{roman}. MỤC TIÊU VÀ NHIỆM VỤ PHẦN {part}".upper(),
                       _goal_paragraph(rng, clauses, ";"), _goal_paragraph(rng, clauses, ",")]
        for heading in range(1, 6):
            chunk.append(f"{heading}. Nhóm nhiệm vụ {heading} của phần {part}")
            for group in range(1, 4):
                chunk.append(f"({group}) {rng.choice(AGENCIES)} chủ trì, phối hợp với {rng.choice(AGENCIES)}:")
                chunk.extend(f"- {_task(rng, k)}" for k in range(1, 7))
            chunk.append(f"{heading + 5}. {rng.choice(AGENCIES)} chủ trì, phối hợp với {rng.choice(AGENCIES)} "
                         f"{_task(rng, heading)}")
        chunk.append([["TT", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu đến năm 2025", "Đơn vị chủ trì"]]
                     + [[str(r), rng.choice(INDICATORS).capitalize(), "%", _number(rng), rng.choice(AGENCIES)]
                        for r in range(1, 21)])
        blocks.extend(chunk)
        size += sum(len(b) if isinstance(b, str) else sum(len(c) for row in b for c in row) for b in chunk)
    return blocks


def plan_text(target_bytes: int, *, seed: int = 7, clauses: int = 120) -> bytes:
    """A pasted plan (UTF-8 text): paragraphs separated by blank lines, tables as tab-separated rows."""
    out: list[str] = []
    for block in plan_paragraphs(target_bytes * 5 // 6, seed=seed, clauses=clauses):
        out.append(block if isinstance(block, str) else "\n".join("\t".join(row) for row in block))
    return "\n\n".join(out).encode("utf-8")


_DOCX_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')


_RPR = ('<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
        '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr>')
_PPR = '<w:pPr><w:spacing w:before="120" w:after="120" w:line="312" w:lineRule="auto"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr>'


def _plain_p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _p(text: str, rng: random.Random | None = None) -> str:
    """A paragraph as Word writes it: formatted runs of a few words, each with its revision id (`w:rsidR`), so that
    the file holds about as many characters of text per byte as a real plan (not ten times more)."""
    rng = rng or random.Random(len(text))
    words = text.split(" ")
    runs, start = [], 0
    while start < len(words):
        end = start + rng.randint(4, 12)
        piece = " ".join(words[start:end]) + (" " if end < len(words) else "")
        runs.append(f'<w:r w:rsidR="{rng.getrandbits(32):08X}">{_RPR}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
        start = end
    return f'<w:p w:rsidR="{rng.getrandbits(32):08X}" w:rsidRDefault="{rng.getrandbits(32):08X}">{_PPR}{"".join(runs)}</w:p>'


def _tbl(rows: list[list[str]], paragraph=_plain_p) -> str:
    return "<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows) + "</w:tbl>"


def plan_docx(target_bytes: int, *, seed: int = 7, clauses: int = 120, word_runs: bool = True) -> bytes:
    """A Word document of about `target_bytes` (compressed) with the blocks of `plan_paragraphs`.

    The body XML is written directly (python-docx takes minutes for a document this size); the other parts come
    from python-docx's own blank document, so the file is what Word itself would open."""
    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)
    paragraph = _p if word_runs else _plain_p  # without runs: mostly text, the parser's share of the work
    chars = target_bytes if word_runs else target_bytes * 3  # about a character of text per byte in a real plan
    for _ in range(4):
        body = "".join(paragraph(b) if isinstance(b, str) else _tbl(b, paragraph)
                       for b in plan_paragraphs(chars, seed=seed, clauses=clauses))
        data = _replace_part(blank.getvalue(), "word/document.xml", (_DOCX_HEAD + body + "</w:body></w:document>").encode())
        if abs(len(data) - target_bytes) < target_bytes * 0.1:
            break
        chars = int(chars * target_bytes / len(data))
    return data


def _replace_part(package: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


# --- measuring ----------------------------------------------------------------------------------------------------


def peak_while(function):
    """(result, seconds, peak bytes allocated by Python while `function` ran)."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        result = function()
        seconds = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak


def draft_sizes(parsed) -> tuple[int, int]:
    """Bytes of JSON an import draft stores: the parsed format, and the source lines of the review page.

    The same shapes as `planwatch.registry.importing` (`_plain_json(to_format(parsed))`, `source_view(parsed)`), without
    Django: Decimals as strings, one `{ref, label, text}` per source line."""
    data = json.dumps(to_format(parsed), ensure_ascii=False, default=str)
    lines = json.dumps([{"ref": f"line-{n}", "label": str(n), "text": text}
                        for n, text in enumerate(parsed.source.lines, start=1)], ensure_ascii=False)
    return len(data.encode()), len(lines.encode())


_FRESH = """
import resource, sys, time
from planwatch.docparse import parse_bytes, readers


def peak_rss_kb():
    # VmHWM: this process's own high-water mark; ru_maxrss after fork+exec may be the parent's (the generator's)
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


readers.read(open(sys.argv[2], "rb").read(), "khoi-dong.docx")  # imports paid before measuring
start_rss = peak_rss_kb()
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
readers.read(data, "ke-hoach-lon.docx")
read_s, read_rss = time.perf_counter() - start, peak_rss_kb()
start = time.perf_counter()
parse_bytes(data, filename="ke-hoach-lon.docx")
parse_s, parse_rss = time.perf_counter() - start, peak_rss_kb()
print(f"peak RSS {start_rss / 1024:.0f} MB after imports, {read_rss / 1024:.0f} MB after reading ({read_s:.1f} s), "
      f"{parse_rss / 1024:.0f} MB after the whole parse ({parse_s:.1f} s)")
"""


def fresh_process(data: bytes) -> str:
    """Time and peak resident memory (VmHWM, else ru_maxrss) of reading, then parsing, `data` in a new process."""
    with tempfile.TemporaryDirectory() as tmp:
        path, small = Path(tmp) / "ke-hoach-lon.docx", Path(tmp) / "khoi-dong.docx"
        path.write_bytes(data)
        small.write_bytes(plan_docx(5_000, clauses=5))
        result = subprocess.run(
            [sys.executable, "-c", _FRESH, str(path), str(small)], capture_output=True, text=True, check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    return (result.stdout or result.stderr).strip()


def largest_seed() -> Path | None:
    seeds = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size, reverse=True)
    return seeds[0] if seeds else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=3, help="parses of the seed (default 3; the rest once)")
    parser.add_argument("--docx-mb", type=float, default=5.0, help="size of the generated DOCX (default 5 MB)")
    parser.add_argument("--paste-kb", type=float, default=327.0, help="size of the generated paste (default 327 KB)")
    args = parser.parse_args(argv)
    agencies = AgencyDirectory.from_toml(HANOI / "agencies.toml") if (HANOI / "agencies.toml").exists() else None
    leaders = LeaderDirectory.from_toml(HANOI / "leaders.toml") if (HANOI / "leaders.toml").exists() else None

    def parse(data: bytes, name: str):
        return parse_bytes(data, filename=name, agencies=agencies, leaders=leaders)

    seed = largest_seed()
    if seed is not None:
        data = seed.read_bytes()
        parse(data, seed.name)  # warm-up: imports and compiled patterns are not the document's cost
        times = []
        for _ in range(max(1, args.runs)):
            parsed, seconds, peak = peak_while(lambda: parse(data, seed.name))
            times.append(seconds)
        # tracemalloc slows the parse: time it once more without.
        start = time.perf_counter()
        parse(data, seed.name)
        plain = time.perf_counter() - start
        print(f"seed: {seed.name} ({len(data) / 1024:.0f} KB): {plain:.3f} s per parse "
              f"({statistics.median(times):.3f} s traced), peak {peak / 2**20:.1f} MB allocated "
              f"({peak / len(data):.0f}x the file); {len(parsed.tasks)} tasks, "
              f"{len(parsed.candidate_indicators)} candidates")

    data = plan_docx(int(args.docx_mb * 2**20))
    from planwatch.docparse import readers

    _source, read_seconds, read_peak = peak_while(lambda: readers.read(data, "ke-hoach-lon.docx"))
    del _source
    parsed, seconds, peak = peak_while(lambda: parse(data, "ke-hoach-lon.docx"))
    text_bytes = sum(len(line.encode()) for line in parsed.source.lines)
    print(f"docx: generated {len(data) / 2**20:.1f} MB ({text_bytes / 2**20:.1f} MB of text, {len(parsed.source.lines)} "
          f"paragraphs): reading {read_seconds:.1f} s (traced), peak {read_peak / 2**20:.0f} MB allocated; "
          f"parse {seconds:.1f} s (traced), peak {peak / 2**20:.0f} MB allocated; {len(parsed.tasks)} tasks, "
          f"{len(parsed.candidate_indicators)} candidates")
    del parsed
    print("docx, fresh process: " + fresh_process(data))

    data = plan_text(int(args.paste_kb * 1024))
    parsed, seconds, peak = peak_while(lambda: parse(data, "van-ban-dan-vao.txt"))
    formatted, lines = draft_sizes(parsed)
    print(f"paste: {len(data) / 1024:.0f} KB: {seconds:.2f} s (traced), peak {peak / 2**20:.0f} MB allocated; "
          f"draft {formatted / 1024:.0f} KB parsed + {lines / 1024:.0f} KB source lines "
          f"= {(formatted + lines) / len(data):.1f}x the paste")


if __name__ == "__main__":
    main()
