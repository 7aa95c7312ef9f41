from django.core.management.base import BaseCommand, CommandError

from planwatch.commandargs import choice_argument, output_argument, write_output
from planwatch.exchange.exports import FORMATS, export_document
from planwatch.registry.arguments import document_argument


class Command(BaseCommand):
    help = ("Xuất số liệu chỉ tiêu của một văn bản sang định dạng trao đổi: DHIS2 dataValueSets (JSON, CSV) "
            "hoặc SDMX-CSV 2.0 (docs/exchange.md).")

    def add_arguments(self, parser):
        parser.add_argument("id", help="Mã văn bản (183-kh-ubnd), số ký hiệu (183/KH-UBND) hoặc số id.")
        parser.add_argument("--format", help=f"Định dạng: {', '.join(FORMATS)}.")
        parser.add_argument("-o", "--output", help="Tệp ghi ra.")

    def handle(self, *args, id, output=None, **options):
        # Every argument checked before any work: a refused command writes nothing. Checked here, not by
        # argparse, so the message is in Vietnamese.
        fmt = options.get("format")
        if not fmt:
            raise CommandError(f"Thiếu --format: chọn {', '.join(FORMATS)}.")
        choice_argument(fmt, FORMATS, option="Định dạng")
        if not output:
            raise CommandError("Thiếu tệp ghi ra: -o TỆP.")
        path = output_argument(output)
        document = document_argument(id)
        exported = export_document(document, fmt=fmt)
        write_output(path, exported.content)
        self.stdout.write(f"Đã ghi {path}: {exported.written} số liệu của {document.number or document.slug} "
                          f"({fmt}).")
        if exported.skipped:
            self.stdout.write(f"Bỏ qua {len(exported.skipped)} số liệu:")
            for reason, count in exported.skipped_by_reason():
                self.stdout.write(f"  {count} — {reason}")
