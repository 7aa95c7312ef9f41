from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planwatch.operations.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và các tệp đính kèm (media) vào một tệp lưu trữ có manifest và mã kiểm tra SHA-256 "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output",
            help="Tệp lưu trữ sẽ ghi (mặc định planwatch-backup-NGÀY-GIỜ.tar.gz trong thư mục hiện tại).",
        )

    def handle(self, *args, output=None, **options):
        path = Path(output or f"planwatch-backup-{datetime.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = backup_create(output=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for entry in manifest["files"] if entry["path"].startswith("media/"))
        self.stdout.write(
            f"Đã sao lưu vào {path.resolve()} ({path.stat().st_size:,} byte): cơ sở dữ liệu "
            f"{manifest['database']['engine']}, {media} tệp media. / Backup written."
        )
