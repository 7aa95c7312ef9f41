from django.core.management.base import BaseCommand, CommandError

from planwatch.demo import DEMO_ACCOUNTS, load_demo
from planwatch.registry.services import RegisterError


class Command(BaseCommand):
    help = "Nạp dữ liệu Hà Nội (kế hoạch 183/KH-UBND, kế hoạch năm 2024, ...) và các tài khoản mẫu. Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Không tạo tài khoản mẫu.")
        parser.add_argument("--quiet", action="store_true", help="Không in danh sách tài khoản.")

    def handle(self, *args, no_accounts=False, quiet=False, **options):
        try:
            summary = load_demo(with_accounts=not no_accounts)
        except RegisterError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã nạp dữ liệu Hà Nội: {summary.created} mục mới, {summary.updated} mục sửa, "
            f"{summary.deleted} mục xóa, {summary.unchanged} mục không đổi."
        )
        if not no_accounts and not quiet:
            self.stdout.write("Tài khoản mẫu (tên đăng nhập / mật khẩu — vai trò):")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.username:<18} / {account.password:<16} — {account.description}")
