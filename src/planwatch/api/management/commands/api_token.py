"""`planwatch api-token USERNAME [--name NAME] [--days N]`: create an API token and print it, once."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planwatch.api.services import api_token_create


class Command(BaseCommand):
    help = "Tạo khoá API cho một tài khoản và in khoá ra một lần (planwatch không lưu khoá, chỉ lưu mã băm)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="tên khoá, để nhận ra sau này")
        parser.add_argument("--days", type=int, default=None, help="hết hạn sau từng ấy ngày (mặc định: không)")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username!r}. / No account {username!r}.")
        if days is not None and days < 1:
            raise CommandError("--days phải từ 1 trở lên. / --days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            created = api_token_create(
                user=user, name=name or "planwatch api-token", expires_at=expires_at, actor="planwatch api-token",
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"Khoá API “{created.token.name}” của {username}: chép ngay, khoá sẽ không hiện lại. "
            f"/ Copy it now: it will not be shown again."
        )
        # The token alone on stdout, so a script can capture it: TOKEN=$(planwatch api-token yte).
        self.stdout.write(created.secret)
