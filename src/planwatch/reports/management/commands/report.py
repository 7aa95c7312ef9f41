"""`planwatch report ID --period 2024 --format xlsx -o phu-luc.xlsx`: the plan page's export, from the console.

`planwatch report [ID] --appendix tracking --as-of 31/12/2024`: the four-way task tracking per lead agency of the
plan, or of every tracked plan without an ID (reports/tracking.py)."""

import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.commandargs import (
    YEAR_MAX,
    YEAR_MIN,
    choice_argument,
    output_argument,
    text_argument,
    write_output,
)
from planwatch.registry.arguments import document_argument
from planwatch.registry.models import IndicatorValue, Task, TaskDueDate
from planwatch.registry.selectors import TaskFilter
from planwatch.reports.periods import ReportError, default_period, parse_report_period
from planwatch.reports.selectors import APPENDICES, Administrator, agency_by_text, document_report, position_by_text
from planwatch.reports.tracking import tracking_report
from planwatch.reports.writers import FORMATS, render


class Command(BaseCommand):
    help = "Xuất phụ lục chỉ tiêu và nhiệm vụ của một kế hoạch cho một kỳ (XLSX, DOCX, PDF; CSV cho một bảng)."

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", help="Mã văn bản (183-kh-ubnd), số ký hiệu (183/KH-UBND) hoặc số id; "
                                                  "bỏ trống với --appendix tracking: mọi văn bản đang theo dõi.")
        parser.add_argument("--period", help="Kỳ báo cáo: 2024, 2024-Q2, 2024-H1, 2024-9M. Mặc định: năm hiện hành "
                                             "của số liệu kế hoạch.")
        # Choices are checked in handle (commandargs.choice_argument), so a wrong one is told in Vietnamese.
        parser.add_argument("--format", dest="fmt", default="xlsx", help=f"Định dạng tệp: {', '.join(FORMATS)}.")
        parser.add_argument("--appendix", default="all",
                            help="Phụ lục: all (cả hai), indicators (chỉ tiêu), tasks (nhiệm vụ), tracking (theo dõi "
                                 "nhiệm vụ theo cơ quan chủ trì: đúng hạn, quá hạn, trong hạn).")
        parser.add_argument("--as-of", dest="as_of", help="Với --appendix tracking: tính đến ngày (dd/mm/yyyy). "
                                                          "Mặc định: hôm nay.")
        parser.add_argument("-o", "--output", help="Tệp ghi ra; '-' là đầu ra chuẩn. Mặc định: tên tệp theo văn bản "
                                                   "và kỳ, trong thư mục hiện tại.")
        parser.add_argument("--agency", help="Chỉ nhiệm vụ do cơ quan này chủ trì (tên, tên ngắn hoặc cách viết khác).")
        parser.add_argument("--leader", help="Chỉ nhiệm vụ của lãnh đạo này (chức vụ hoặc họ tên).")
        parser.add_argument("--status", help=f"Chỉ nhiệm vụ có tình trạng này: {', '.join(Task.Status.values)}.")

    def handle(self, *args, id=None, period=None, fmt="xlsx", appendix="all", output=None, agency=None, leader=None,
               status=None, as_of=None, **options):
        fmt = choice_argument(fmt, FORMATS, option="--format")
        appendix = choice_argument(appendix, (*APPENDICES, "tracking"), option="--appendix")
        if appendix == "tracking":
            return self._tracking(id, fmt, output, as_of)
        if as_of is not None:
            raise CommandError("--as-of chỉ dùng với --appendix tracking; phụ lục theo kỳ dùng --period.")
        if id is None:
            raise CommandError("Cần mã văn bản, ví dụ: planwatch report 183/KH-UBND --period 2024.")
        document = document_argument(id)
        status = choice_argument(status, Task.Status.values, option="--status")
        filters = TaskFilter(
            agency=self._lookup(agency_by_text, text_argument(agency, option="--agency"), "cơ quan"),
            leader=self._lookup(position_by_text, text_argument(leader, option="--leader"), "lãnh đạo"),
            status=status or "",
        )
        if period is not None:
            self._check_period(document, text_argument(period, option="--period"))
        path = None if output == "-" else output_argument(output)
        try:
            report = document_report(
                user=Administrator(), document=document, period=(period or "").strip() or default_period(document),
                appendix=appendix, filters=filters,
            )
            rendered = render(report, fmt)
        except ReportError as error:
            raise CommandError(str(error)) from error
        self._write(rendered, output, path)

    def _write(self, rendered, output, path) -> None:
        if output == "-":
            sys.stdout.buffer.write(rendered.content)
            sys.stdout.flush()
            return
        path = path or Path(rendered.filename)
        write_output(path, rendered.content)
        self.stderr.write(f"Đã ghi {path} ({len(rendered.content):,} byte).".replace(",", "."))

    def _tracking(self, id, fmt, output, as_of) -> None:
        document = document_argument(id) if id is not None else None
        on = None
        if as_of is not None:
            try:
                on = datetime.strptime(as_of.strip(), "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(f"--as-of “{as_of}” không hợp lệ: cần ngày dd/mm/yyyy, ví dụ 31/12/2024.") from None
        path = None if output == "-" else output_argument(output)
        rendered = render(tracking_report(user=Administrator(), document=document, on=on), fmt)
        self._write(rendered, output, path)

    def _check_period(self, document, code: str) -> None:
        """A period the plan can speak for: a plausible year, inside the plan's years or one it has data for."""
        try:
            year = parse_report_period(code).start_year
        except ReportError as error:
            raise CommandError(str(error)) from error
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(f"Kỳ báo cáo “{code}”: năm {year} không hợp lệ, cần từ {YEAR_MIN} đến {YEAR_MAX}.")
        start, end = document.period_start or document.year, document.period_end or document.year
        if start and end and start <= year <= end:
            return
        has_data = (
            IndicatorValue.objects.filter(indicator__document=document, period__startswith=str(year)).exists()
            or TaskDueDate.objects.filter(task__document=document, due__year=year).exists()
        )
        if not has_data:
            span = f" (kế hoạch cho giai đoạn {start}–{end})" if start and end and start != end else (
                f" (kế hoạch năm {start})" if start else "")
            raise CommandError(
                f"Văn bản {document.number or document.slug} không có số liệu hay nhiệm vụ nào cho năm {year}{span}."
            )

    def _lookup(self, finder, text, what):
        if not text:
            return None
        found = finder(text)
        if found is None:
            raise CommandError(f"Không tìm thấy {what} “{text}”.")
        return found.pk
