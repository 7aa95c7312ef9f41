from django.core.management.base import BaseCommand

from planwatch import jsonformat
from planwatch.registry import hooks
from planwatch.registry.arguments import document_argument
from planwatch.registry.selectors import document_to_format


class Command(BaseCommand):
    help = "In một văn bản với chỉ tiêu, số liệu và nhiệm vụ (định dạng docs/format.md)."

    def add_arguments(self, parser):
        parser.add_argument("id", help="Mã văn bản (183-kh-ubnd), số ký hiệu (183/KH-UBND) hoặc số id.")
        parser.add_argument("--json", action="store_true", help="In dạng JSON.")

    def handle(self, *args, id, json=False, **options):
        document = document_argument(id)
        data = document_to_format(document, computed=True)
        for section in hooks.show_sections:  # framework plans beside tasks, series beside indicators (docs/format.md)
            section(document, data)
        if json:
            self.stdout.write(jsonformat.dumps(data))
            return
        header = data["document"]
        self.stdout.write(f"{header['number'] or header['id']} — {header['title']}")
        self.stdout.write(f"{len(data['indicators'])} chỉ tiêu, {len(data['tasks'])} nhiệm vụ")
        for indicator in data["indicators"]:
            targets = "; ".join(f"{t['horizon']}: {t['text']}" for t in indicator["targets"])
            self.stdout.write(f"  [{indicator['key']}] {indicator['name']} ({indicator['unit'] or ''}) {targets}")
        for task in data["tasks"]:
            deadline = task["deadline"] or task.get("framework_deadline") or {}
            self.stdout.write(f"  {task['key']}. {task['title'][:90]} — {deadline.get('text', '')}")
