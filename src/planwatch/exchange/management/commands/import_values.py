import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from planwatch.exchange.formats import ExchangeError
from planwatch.exchange.services import ImportRefused, values_import
from planwatch.reporting.models import Round


class Command(BaseCommand):
    help = ("Nhập số liệu từ tệp DHIS2 dataValueSets (JSON) vào các báo cáo đang mở của một đợt (--round) "
            "hoặc làm số liệu chính thức (--as-record). Tất cả hoặc không: một dòng lỗi thì không ghi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp dataValueSets (JSON).")
        parser.add_argument("--round", dest="round_id", help="Số id của đợt báo cáo đang mở nhận số liệu.")
        parser.add_argument("--as-record", action="store_true", help="Ghi làm số liệu chính thức của chỉ tiêu.")
        parser.add_argument("--user", help="Tài khoản ghi nhận (mặc định: người dùng hệ điều hành).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và in thay đổi, không ghi.")

    def handle(self, *args, file, round_id=None, as_record=False, user=None, dry_run=False, **options):
        if bool(round_id) == bool(as_record):
            raise CommandError(
                "Chọn đúng một nơi nhận: --round ID (đợt báo cáo) hoặc --as-record (số liệu chính thức).")
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp “{file}”: {exc.strerror or exc}.") from exc
        round = None
        if round_id:
            text = round_id.strip()
            round = Round.objects.filter(pk=int(text)).first() if text.isdecimal() and len(text) <= 18 else None
            if round is None:
                raise CommandError(f"Không có đợt báo cáo số “{round_id}”.")
        actor = f"console:{getpass.getuser()}"
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản “{user}” đang hoạt động.")
        try:
            result = values_import(content=content, filename=path.name, actor=actor, round=round,
                                   as_record=as_record, dry_run=dry_run)
        except ExchangeError as exc:
            raise CommandError(f"Tệp “{file}” không nhập được: {exc}.") from exc
        except ImportRefused as exc:
            raise CommandError(
                f"Không nhập tệp “{file}”: {len(exc.problems)} lỗi, không ghi số liệu nào.\n"
                + "\n".join(f"  - {problem}" for problem in exc.problems)
            ) from exc
        for change in result.changes:
            if change.status == "mới":
                self.stdout.write(f"  mới: {change.label}: {change.new}")
            elif change.status == "đổi":
                self.stdout.write(f"  đổi: {change.label}: {change.old} → {change.new}")
            else:
                self.stdout.write(f"  không đổi: {change.label}: {change.new}")
        verb = "Kiểm tra xong (chưa ghi gì, --dry-run)" if dry_run else "Đã nhập"
        self.stdout.write(f"{verb}: {result.count('mới')} mới, {result.count('đổi')} đổi, "
                          f"{result.count('không đổi')} không đổi.")
