"""`planwatch report ID --period 2024 --format xlsx -o phu-luc.xlsx`: the plan page's export, from the console."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.registry.models import Document, Task
from planwatch.registry.selectors import TaskFilter
from planwatch.reports.periods import ReportError, default_period
from planwatch.reports.selectors import APPENDICES, Administrator, agency_by_text, document_report, position_by_text
from planwatch.reports.writers import FORMATS, render


class Command(BaseCommand):
    help = "Xuất phụ lục chỉ tiêu và nhiệm vụ của một kế hoạch cho một kỳ (XLSX, DOCX, PDF; CSV cho một bảng)."

    def add_arguments(self, parser):
        parser.add_argument("id", help="Mã văn bản (183-kh-ubnd), số ký hiệu (183/KH-UBND) hoặc số id.")
        parser.add_argument("--period", help="Kỳ báo cáo: 2024, 2024-Q2, 2024-H1, 2024-9M. Mặc định: năm hiện hành "
                                             "của số liệu kế hoạch.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="xlsx", help="Định dạng tệp.")
        parser.add_argument("--appendix", choices=APPENDICES, default="all",
                            help="Phụ lục: all (cả hai), indicators (chỉ tiêu), tasks (nhiệm vụ).")
        parser.add_argument("-o", "--output", help="Tệp ghi ra; '-' là đầu ra chuẩn. Mặc định: tên tệp theo văn bản "
                                                   "và kỳ, trong thư mục hiện tại.")
        parser.add_argument("--agency", help="Chỉ nhiệm vụ do cơ quan này chủ trì (tên, tên ngắn hoặc cách viết khác).")
        parser.add_argument("--leader", help="Chỉ nhiệm vụ của lãnh đạo này (chức vụ hoặc họ tên).")
        parser.add_argument("--status", choices=Task.Status.values, help="Chỉ nhiệm vụ có tình trạng này.")

    def handle(self, *args, id, period=None, fmt="xlsx", appendix="all", output=None, agency=None, leader=None,
               status=None, **options):
        document = Document.objects.by_key(id).first()
        if document is None:
            raise CommandError(f"Không tìm thấy văn bản “{id}”. Xem danh sách: planwatch list")
        filters = TaskFilter(
            agency=self._lookup(agency_by_text, agency, "cơ quan"),
            leader=self._lookup(position_by_text, leader, "lãnh đạo"),
            status=status or "",
        )
        try:
            report = document_report(
                user=Administrator(), document=document, period=period or default_period(document),
                appendix=appendix, filters=filters,
            )
            rendered = render(report, fmt)
        except ReportError as error:
            raise CommandError(str(error)) from error
        if output == "-":
            sys.stdout.buffer.write(rendered.content)
            sys.stdout.flush()
            return
        path = Path(output or rendered.filename)
        path.write_bytes(rendered.content)
        self.stderr.write(f"Đã ghi {path} ({len(rendered.content):,} byte).".replace(",", "."))

    def _lookup(self, finder, text, what):
        if not text:
            return None
        found = finder(text)
        if found is None:
            raise CommandError(f"Không tìm thấy {what} “{text}”.")
        return found.pk
