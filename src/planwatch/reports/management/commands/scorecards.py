"""`planwatch scorecards 2024 --format xlsx -o xep-hang-2024.xlsx`: the agencies' scorecards and ranking of a year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.registry.models import Document
from planwatch.reports.periods import ReportError
from planwatch.reports.scorecards import scorecard_report
from planwatch.reports.selectors import Administrator
from planwatch.reports.writers import FORMATS, render


class Command(BaseCommand):
    help = "Xuất bảng đánh giá, xếp hạng các cơ quan chủ trì theo kết quả thực hiện nhiệm vụ và báo cáo trong năm."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="Năm đánh giá, ví dụ 2024.")
        parser.add_argument("--document", help="Chỉ tính nhiệm vụ của văn bản này (mã, số ký hiệu hoặc id).")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="xlsx", help="Định dạng tệp.")
        parser.add_argument("-o", "--output", help="Tệp ghi ra. Mặc định: xep-hang-NĂM.<định dạng>.")

    def handle(self, *args, year, document=None, fmt="xlsx", output=None, **options):
        found = None
        if document:
            found = Document.objects.by_key(document).first()
            if found is None:
                raise CommandError(f"Không tìm thấy văn bản “{document}”.")
        try:
            rendered = render(scorecard_report(user=Administrator(), year=year, document=found), fmt)
        except ReportError as error:
            raise CommandError(str(error)) from error
        path = Path(output or rendered.filename)
        path.write_bytes(rendered.content)
        self.stderr.write(f"Đã ghi {path} ({len(rendered.content):,} byte).".replace(",", "."))
