"""`planwatch load-units FILE`: the CSV of units and successions, loaded idempotently; a bad file is refused whole
with a message naming each bad line, in Vietnamese."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from planwatch.audit.models import AuditEntry
from planwatch.cascade.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db

GOOD = """record,code,name,level,parent,valid_from,valid_to,successor,date,kind
unit,15,Tỉnh Yên Bái,province,,,30/06/2025,,,
unit,10,Tỉnh Lào Cai (đến 30/6/2025),province,,,30/06/2025,,,
unit,10-2025,Tỉnh Lào Cai,province,,2025-07-01,,,,
succession,15,,,,,,10-2025,01/07/2025,merge
succession,10,,,,,,10-2025,01/07/2025,sáp nhập
"""


def write(tmp_path, text, name="don-vi.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_loads_units_and_successions_and_a_second_run_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("load_units", path)
    assert "3 đơn vị mới" in capsys.readouterr().out
    lao_cai = AdministrativeUnit.objects.get(code="10-2025")
    assert lao_cai.valid_from == date(2025, 7, 1) and lao_cai.level == "province"
    assert set(lao_cai.predecessions.values_list("predecessor__code", "kind")) == {("15", "merge"), ("10", "merge")}
    assert AuditEntry.objects.filter(content_type__model="administrativeunit", object_id=str(lao_cai.pk)).exists()
    entries = AuditEntry.objects.count()
    call_command("load_units", path)
    assert "0 đơn vị mới, 0 đơn vị cập nhật, 0 quan hệ kế thừa" in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries


def test_the_demo_fixture_holds_the_2025_reform(db):
    merged = UnitSuccession.objects.filter(successor__code="08-2025").values_list("predecessor__name", flat=True)
    assert set(merged) == {"Tỉnh Hà Giang", "Tỉnh Tuyên Quang (đến 30/6/2025)"}
    thanh_xuan = AdministrativeUnit.objects.get(code="HN-TX")
    assert thanh_xuan.level == "district" and thanh_xuan.valid_to == date(2025, 6, 30)
    assert thanh_xuan.parent.name == "Thành phố Hà Nội"


@pytest.mark.parametrize("text, expected", [
    ("code,name\n01,Hà Nội\n", "Thiếu cột record"),
    ("record,code,name,level\nunit,99,Tỉnh X,vùng\n", "Dòng 2: cấp “vùng” không hợp lệ"),
    ("record,code,name,level,valid_from\nunit,99,Tỉnh X,province,31/02/2025\n", "Dòng 2: cột valid_from “31/02/2025” không phải ngày"),
    ("record,code,successor,date,kind\nsuccession,98,99,01/07/2025,gộp\n", "hình thức “gộp” không hợp lệ"),
    ("record,code,successor,date\nsuccession,98,99,01/07/2025\n", "không có đơn vị mã “98”"),
    ("record,code,name,level,parent\nunit,99,Tỉnh X,province,00\n", "không có đơn vị cấp trên mã “00”"),
    ("record,code\nđơn vị,99\n", "cột record phải là unit hoặc succession"),
])
def test_a_bad_file_is_refused_whole_saying_which_line_and_why(tmp_path, text, expected):
    before = AdministrativeUnit.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("load_units", write(tmp_path, text))
    assert expected in str(exc.value)
    assert AdministrativeUnit.objects.count() == before


def test_a_file_that_is_not_utf8_or_not_there(tmp_path):
    path = tmp_path / "cp1258.csv"
    path.write_bytes("record,code,name\nunit,1,Hà Nội\n".encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("load_units", str(path))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("load_units", str(tmp_path / "khong-co.csv"))
