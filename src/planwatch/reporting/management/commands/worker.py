from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý việc nền (huey) với Redis: gửi thư, nhắc hạn, mở đợt báo cáo định kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--workers", default=None, help="Số luồng xử lý (mặc định PLANWATCH_WORKERS).")

    def handle(self, *args, workers=None, **options):
        # Read as text: argparse would refuse `abc` in English, with a usage dump.
        if workers is not None:
            text = str(workers).strip()
            if not (text.isdecimal() and text.isascii() and 1 <= int(text) <= 64):
                raise CommandError(f"Số luồng xử lý “{workers}” không hợp lệ: cần một số từ 1 đến 64.")
            workers = int(text)
        if settings.PLANWATCH_JOBS != "worker":
            raise CommandError(
                "Chế độ mặc định (PLANWATCH_JOBS=in-process) chạy việc nền ngay trong máy chủ web, không cần worker. "
                "Đặt REDIS_URL (hoặc PLANWATCH_JOBS=worker) để dùng worker riêng."
            )
        options = {"workers": workers} if workers else {}
        call_command("run_huey", **options)
