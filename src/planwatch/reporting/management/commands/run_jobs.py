from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from planwatch.reporting import jobs


class Command(BaseCommand):
    help = (
        "Chạy ngay các việc định kỳ của báo cáo: mở đợt báo cáo theo thời hạn định kỳ, nhắc hạn, báo lãnh đạo. "
        "Với --queue: chỉ đưa vào hàng đợi để `planwatch worker` chạy."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Đưa vào hàng đợi (Redis) thay vì chạy tại chỗ.")

    def handle(self, *args, queue=False, **options):
        if queue:
            if settings.PLANWATCH_JOBS != "worker":
                raise CommandError("--queue cần PLANWATCH_JOBS=worker (hoặc REDIS_URL): chế độ mặc định chạy việc ngay tại chỗ.")
            from planwatch.reporting.tasks import periodic_jobs_now

            periodic_jobs_now()
            self.stdout.write("Đã đưa việc định kỳ vào hàng đợi.")
            return
        result = jobs.run_periodic()
        self.stdout.write(
            f"Đã mở {result['rounds_opened']} đợt báo cáo định kỳ; gửi {result['reminders']} lần nhắc, "
            f"{result['escalations']} lần báo lãnh đạo ({result['notifications']} thông báo); "
            f"nhắc nhiệm vụ và kế hoạch khung {result['task_reminders']} lần, báo lãnh đạo {result['task_escalations']} "
            f"lần ({result['task_notifications']} thông báo)."
        )
