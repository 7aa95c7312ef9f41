import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from planwatch import jsonformat
from planwatch.docparse.api import parse_path, to_format
from planwatch.docparse.errors import ParseError
from planwatch.operations.database import database_problem, unreachable_message
from planwatch.registry.assessing import assess_format
from planwatch.registry.importing import register_directories
from planwatch.registry.judgements import judgements_from_tables


class Command(BaseCommand):
    help = "Đọc một văn bản kế hoạch (văn bản thuần, DOCX, XLSX) và in chỉ tiêu, nhiệm vụ, cảnh báo (docs/format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tới văn bản.")
        parser.add_argument("--json", action="store_true", help="In dạng JSON.")
        parser.add_argument("--assess", action="store_true", help="Thêm kết quả tính toán của từng chỉ tiêu.")
        parser.add_argument(
            "--no-register", action="store_true", help="Không đối chiếu tên cơ quan, lãnh đạo với danh mục."
        )

    def handle(self, *args, file, json=False, assess=False, no_register=False, **options):
        agencies = leaders = None
        if not no_register:
            # Reading a document needs no database: without one (unreachable, never migrated) the names are kept
            # as written, and the reason is said once.
            problem = database_problem()
            if not problem:
                try:
                    agencies, leaders = register_directories()
                except DatabaseError as exc:
                    problem = unreachable_message(exc)
            if problem:
                self.stderr.write(
                    f"{problem}\nVăn bản được đọc mà không đối chiếu danh mục cơ quan, lãnh đạo. "
                    "/ The document is read without checking agency and leader names against the register."
                )
        try:
            parsed = parse_path(file, agencies=agencies, leaders=leaders)
        except ParseError as exc:
            raise CommandError(f"Không đọc được văn bản {file}: {exc}") from exc
        data = judgements_from_tables(to_format(parsed), parsed)
        if assess:
            data = assess_format(data)
        if json:
            self.stdout.write(jsonformat.dumps(data))
            return
        header = data["document"]
        self.stdout.write(f"{header.get('number') or header.get('id') or '(chưa có số)'} — {header.get('title') or ''}")
        self.stdout.write(f"{len(data['indicators'])} chỉ tiêu, {len(data['tasks'])} nhiệm vụ, {len(data['warnings'])} cảnh báo")
        for warning in data["warnings"]:
            self.stdout.write(f"  ! {warning['message']}")
        if not data["indicators"] and not data["tasks"]:
            sys.exit(0)
