import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.operations.backups import BackupError, restore_cleanup, restore_prepare


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp media từ một bản sao lưu của `planwatch backup`; mọi mã kiểm tra được "
        "đối chiếu trước khi ghi (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu (.tar.gz).")
        parser.add_argument(
            "--yes", action="store_true", help="Ghi đè cơ sở dữ liệu và thư mục media đang có mà không hỏi lại.",
        )

    def handle(self, *args, archive, yes=False, **options):
        try:
            prepared = restore_prepare(archive=Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            manifest = prepared.manifest
            self.stdout.write(
                f"Bản sao lưu hợp lệ: {len(manifest['files'])} tệp khớp mã kiểm tra, tạo lúc {manifest['created_at']} "
                f"(planwatch {manifest['planwatch_version']}). / The archive checks out."
            )
            if prepared.overwrites and not yes:
                question = (
                    "Cơ sở dữ liệu và thư mục media hiện có sẽ bị thay toàn bộ bằng bản sao lưu. "
                    "Gõ 'yes' để tiếp tục / The current database and media will be replaced; type 'yes': "
                )
                if not sys.stdin.isatty():
                    raise CommandError(
                        "Cơ sở dữ liệu hoặc thư mục media đang có dữ liệu: thêm --yes để ghi đè. "
                        "/ The database or media folder is not empty: add --yes to overwrite it."
                    )
                if input(question).strip().lower() != "yes":
                    raise CommandError("Đã huỷ, không thay đổi gì. / Cancelled, nothing changed.")
            prepared.apply()
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            restore_cleanup(prepared)
        self.stdout.write("Đã khôi phục cơ sở dữ liệu và các tệp media. / Restored.")
        if prepared.behind:
            self.stdout.write(
                "Bản sao lưu có cấu trúc dữ liệu cũ hơn phiên bản này: hãy chạy `planwatch migrate`. "
                "/ The backup's schema is older than this planwatch: run `planwatch migrate`."
            )
