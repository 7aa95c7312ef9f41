"""The parser is pure Python: importing it (and parsing) loads no Django module."""

import subprocess
import sys
import textwrap


def test_importing_and_using_the_parser_loads_no_django():
    code = textwrap.dedent(
        """
        import sys
        import planwatch.docparse as dp
        from planwatch.docparse import api, agencies, builder, cells, celltext, columns, deadlines, errors
        from planwatch.docparse import header, model, numbers, prose, readers, tables
        from planwatch.docparse import docx_stream, geometry, html, ocr, pdf
        dp.parse_bytes("Số: 1/KH-UBND\\nKẾ HOẠCH\\nThực hiện các chỉ tiêu của thành phố năm 2024\\n".encode("utf-8"))
        loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
        print(",".join(loaded))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_parser_imports_only_the_engine_and_the_text_keys_from_the_project():
    code = textwrap.dedent(
        """
        import sys
        import planwatch.docparse
        project = sorted(m for m in sys.modules if m.startswith("planwatch.") and not m.startswith("planwatch.docparse"))
        print(",".join(project))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = [m for m in result.stdout.strip().split(",") if m]
    assert "planwatch.engine.quantity" in loaded
    assert all(m == "planwatch.textnorm" or m == "planwatch.engine" or m.startswith("planwatch.engine.") for m in loaded)
