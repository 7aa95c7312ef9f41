import re

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from planwatch.demo import DEMO_ACCOUNTS, load_demo


class Command(BaseCommand):
    help = "Chuẩn bị và chạy bản dùng thử: tạo cơ sở dữ liệu, nạp dữ liệu Hà Nội, tạo tài khoản mẫu, mở máy chủ web."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        # Checked before migrating and loading, so a typo does not cost a minute of setup before runserver refuses it.
        host, port = host.strip(), port.strip()
        if not (port.isdecimal() and port.isascii() and 1 <= int(port) <= 65535):
            raise CommandError(f"Cổng “{port}” không hợp lệ: cần một số từ 1 đến 65535, ví dụ --port 8000.")
        if not re.fullmatch(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]", host):
            raise CommandError(f"Địa chỉ “{host}” không hợp lệ: ví dụ --host 127.0.0.1 hoặc --host 0.0.0.0.")
        call_command("migrate", verbosity=0, interactive=False)
        summary = load_demo()
        self.stdout.write(f"Dữ liệu Hà Nội đã sẵn sàng ({summary.created} mục mới, {summary.updated} mục sửa).")
        self.stdout.write("")
        self.stdout.write(f"  Mở trình duyệt: http://{host}:{port}/")
        self.stdout.write("  Tài khoản mẫu (tên đăng nhập / mật khẩu — vai trò):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"    {account.username:<18} / {account.password:<16} — {account.description}")
        self.stdout.write("  Dừng máy chủ: Ctrl+C")
        self.stdout.write("", ending="\n")
        self.stdout.flush()
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
