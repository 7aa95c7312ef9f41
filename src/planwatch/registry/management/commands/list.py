from django.core.management.base import BaseCommand

from planwatch import jsonformat
from planwatch.registry.models import Document


class Command(BaseCommand):
    help = "Liệt kê các văn bản trong danh mục."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In dạng JSON.")

    def handle(self, *args, json=False, **options):
        rows = [
            {
                "id": document.slug,
                "number": document.number or None,
                "kind": document.kind,
                "date": document.date.isoformat() if document.date else (str(document.year) if document.year else None),
                "title": document.title,
                "tracked": document.is_tracked,
            }
            for document in Document.objects.order_by("-is_tracked", "year", "date", "slug")
        ]
        if json:
            self.stdout.write(jsonformat.dumps(rows))
            return
        for row in rows:
            self.stdout.write(f"{row['id']:<40} {row['number'] or '—':<16} {row['date'] or '':<10} {row['title'][:70]}")
