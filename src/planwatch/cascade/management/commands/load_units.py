from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from planwatch.cascade.services import UnitsError, units_load
from planwatch.cascade.unitsfile import UnitsFileError, read_units


class Command(BaseCommand):
    help = ("Nạp đơn vị hành chính (tỉnh, huyện, xã) với thời gian hiệu lực và quan hệ kế thừa (sáp nhập, chia "
            "tách, đổi tên) từ tệp CSV (docs/cascade.md). Nạp lại cùng tệp không tạo bản ghi trùng.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp CSV: record,code,name,level,parent,valid_from,valid_to,successor,date,kind")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            units, successions = read_units(path.read_bytes())
            with transaction.atomic():
                loaded = units_load(units=units, successions=successions, actor="load-units", reason=f"nạp {path.name}")
        except (UnitsFileError, UnitsError) as exc:
            raise CommandError(f"Không nạp được {path.name}:\n{exc}") from exc
        except ValidationError as exc:
            raise CommandError(f"Không nạp được {path.name}:\n{'; '.join(exc.messages)}") from exc
        self.stdout.write(
            f"Đã nạp {path.name}: {loaded.created} đơn vị mới, {loaded.updated} đơn vị cập nhật, "
            f"{loaded.successions} quan hệ kế thừa mới hoặc cập nhật."
        )
