"""`planwatch scorecards 2024 --format xlsx -o xep-hang-2024.xlsx`: the agencies' scorecards and ranking of a year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.commandargs import choice_argument, output_argument, write_output, year_argument
from planwatch.registry.arguments import document_argument
from planwatch.registry.models import TaskDueDate
from planwatch.reports.periods import ReportError
from planwatch.reports.scorecards import scorecard_report
from planwatch.reports.selectors import Administrator
from planwatch.reports.writers import FORMATS, render


class Command(BaseCommand):
    help = "Xuất bảng đánh giá, xếp hạng các cơ quan chủ trì theo kết quả thực hiện nhiệm vụ và báo cáo trong năm."

    def add_arguments(self, parser):
        # Read as text: argparse would refuse `20x4` in English, with a usage dump.
        parser.add_argument("year", help="Năm đánh giá, ví dụ 2024.")
        parser.add_argument("--document", help="Chỉ tính nhiệm vụ của văn bản này (mã, số ký hiệu hoặc id).")
        # Checked in handle, so a wrong one is told in Vietnamese (commandargs.choice_argument).
        parser.add_argument("--format", dest="fmt", default="xlsx", help=f"Định dạng tệp: {', '.join(FORMATS)}.")
        parser.add_argument("-o", "--output", help="Tệp ghi ra. Mặc định: xep-hang-NĂM.<định dạng>.")

    def handle(self, *args, year, document=None, fmt="xlsx", output=None, **options):
        year = year_argument(year)
        fmt = choice_argument(fmt, FORMATS, option="--format")
        found = document_argument(document, option="--document") if document is not None else None
        path = output_argument(output)
        due = TaskDueDate.objects.filter(due__year=year)
        if found is not None:
            due = due.filter(task__document=found)
        if not due.exists():
            # An empty ranking printed as if it were one would be mistaken for "every agency did nothing".
            where = f" của văn bản {found.number or found.slug}" if found is not None else ""
            raise CommandError(f"Không có nhiệm vụ nào{where} có thời hạn trong năm {year}: không có gì để xếp hạng.")
        try:
            rendered = render(scorecard_report(user=Administrator(), year=year, document=found), fmt)
        except ReportError as error:
            raise CommandError(str(error)) from error
        path = path or Path(rendered.filename)
        write_output(path, rendered.content)
        self.stderr.write(f"Đã ghi {path} ({len(rendered.content):,} byte).".replace(",", "."))
