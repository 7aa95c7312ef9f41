"""Agency and leader cells resolved against a small register (the cast of a city), then the Hanoi register."""

from datetime import date

import pytest

from planwatch.docparse.agencies import AgencyDirectory, LeaderDirectory, levenshtein

from .golden import HANOI

CITY = AgencyDirectory.from_records(
    agencies=[
        {"name": "Sở Kế hoạch và Đầu tư", "short": "Sở KH&ĐT", "kind": "department", "aliases": ["Sở KHĐT", "Kế hoạch và Đầu tư", "KH&ĐT"]},
        {"name": "Sở Tài chính", "short": "Sở TC", "kind": "department", "aliases": ["Tài chính", "TC"]},
        {"name": "Sở Khoa học và Công nghệ", "short": "Sở KHCN", "kind": "department", "aliases": ["KHCN"]},
        {"name": "Sở Thông tin và Truyền thông", "short": "Sở TTTT", "kind": "department", "aliases": ["TTTT"]},
        {"name": "Sở Giao thông vận tải", "short": "Sở GTVT", "kind": "department"},
        {"name": "Sở Lao động - Thương binh và Xã hội", "short": "Sở LĐTBXH", "kind": "department"},
        {"name": "Bộ Tư pháp", "kind": "central_body"},
        {"name": "UBND huyện Gia Lâm", "kind": "district", "aliases": ["Gia Lâm"]},
        {"name": "UBND huyện Đông Anh", "kind": "district", "aliases": ["Đông Anh"]},
        {"name": "UBND quận Long Biên", "kind": "district", "aliases": ["Long Biên"]},
    ],
    groups=[
        {"name": "Các Sở, Ban, ngành", "aliases": ["Các sở, ngành liên quan", "Các Sở, ngành"]},
        {"name": "UBND các quận, huyện, thị xã", "aliases": ["UBND quận, huyện, thị xã", "Các quận, huyện, thị xã"]},
        {"name": "Các đơn vị liên quan", "aliases": ["Đơn vị liên quan", "Các cơ quan liên quan"], "open": True},
    ],
)


def resolve(text):
    res, matches = CITY.resolve(text)
    return res.agencies, res.groups, res.unknown, [m.how for m in matches]


@pytest.mark.parametrize(
    "text, agencies, groups, unknown",
    [
        ("Sở KH&ĐT", ["Sở Kế hoạch và Đầu tư"], [], []),
        ("Sở Kế hoạch và Đầu tư.", ["Sở Kế hoạch và Đầu tư"], [], []),
        ("sở kế hoạch và đầu tư", ["Sở Kế hoạch và Đầu tư"], [], []),
        # `và` inside a name is not a separator; between names it is.
        ("Sở Kế hoạch và Đầu tư và Sở Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], [], []),
        # Commas inside a group name are not separators either.
        ("Các Sở, Ban, ngành; UBND quận, huyện, thị xã", [], ["Các Sở, Ban, ngành", "UBND các quận, huyện, thị xã"], []),
        ("Kế hoạch và Đầu tư; Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], [], []),
        # A shared head, with or without a colon, and an item that names itself.
        ("Các sở: KHCN, TTTT, KH&ĐT, TC và các sở, ngành liên quan",
         ["Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"],
         ["Các Sở, Ban, ngành"], []),
        ("Các sở KH&ĐT, Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], [], []),
        ("UBND huyện: Gia Lâm, Đông Anh", ["UBND huyện Gia Lâm", "UBND huyện Đông Anh"], [], []),
        ("UBND các quận, huyện: Gia Lâm, Long Biên", ["UBND huyện Gia Lâm", "UBND quận Long Biên"], [], []),
        # Qualifiers.
        ("Đề nghị Bộ Tư pháp phối hợp; các Sở, Ban, ngành", ["Bộ Tư pháp"], ["Các Sở, Ban, ngành"], []),
        ("Các cơ quan liên quan", [], ["Các đơn vị liên quan"], []),
        ("Các quận, huyện, thị xã liên quan", [], ["UBND các quận, huyện, thị xã"], []),
        # Unknown names are kept whole, never dropped.
        ("Sở Tài chính; Ban Quản lý dự án văn hóa và xã hội", ["Sở Tài chính"], [], ["Ban Quản lý dự án văn hóa và xã hội"]),
        ("Các hiệp hội; doanh nghiệp", [], [], ["Các hiệp hội", "doanh nghiệp"]),
        ("Đề nghị Bộ Ngoại giao phối hợp", [], [], ["Bộ Ngoại giao"]),
    ],
)
def test_it_resolves_cells_as_written(text, agencies, groups, unknown):
    got = resolve(text)
    assert (got[0], got[1], got[2]) == (agencies, groups, unknown)


def test_a_typo_is_matched_within_the_bound_and_reported_as_fuzzy():
    agencies, _groups, unknown, how = resolve("Sở Giao thông vận tả")
    assert agencies == ["Sở Giao thông vận tải"] and unknown == [] and how == ["fuzzy"]
    agencies, _groups, _unknown, how = resolve("Sở Lao động - Thương binh và Xả hội")  # diacritics alone: exact key
    assert agencies == ["Sở Lao động - Thương binh và Xã hội"]


def test_short_abbreviations_are_never_guessed():
    assert resolve("Sở TT") == ([], [], ["Sở TT"], ["unknown"])


def test_an_equally_close_pair_is_not_guessed():
    two = AgencyDirectory.from_records(agencies=[{"name": "Sở Văn hóa Alpha"}, {"name": "Sở Văn hóa Alpho"}])
    res, matches = two.resolve("Sở Văn hóa Alphu")
    assert res.unknown == ["Sở Văn hóa Alphu"]


def test_levenshtein_stops_early():
    assert levenshtein("nguyen", "nguven") == 1
    assert levenshtein("abc", "xyzxyzxyz", 2) == 3


# --- leaders ----------------------------------------------------------------------------------------------------

LEADERS = LeaderDirectory.from_records(
    positions=[
        {"name": "Chủ tịch UBND Thành phố", "title": "Chủ tịch", "tenure": [
            {"person": "Chu Ngọc Anh", "start": "2020-07-17", "end": "2022-06-07"},
            {"person": "Trần Sỹ Thanh", "start": "2022-07-15"},
        ]},
        {"name": "PCT thường trực", "title": "Phó Chủ tịch thường trực", "tenure": [{"person": "Lê Hồng Sơn", "start": "2020-01-01"}]},
        {"name": "PCT phụ trách quy hoạch", "title": "Phó Chủ tịch", "tenure": [{"person": "Dương Đức Tuấn", "start": "2020-01-01"}]},
        {"name": "PCT phụ trách văn hóa - xã hội", "title": "Phó Chủ tịch", "tenure": [
            {"person": "Chử Xuân Dũng", "start": "2020-01-01", "end": "2023-12-31"},
            {"person": "Vũ Thu Hà", "start": "2024-01-01"},
        ]},
    ],
    groups=[{"name": "Các PCT UBND Thành phố", "aliases": ["Các PCT"], "positions": ["PCT thường trực"]}],
)


def leader(text, **when):
    ref, match = LEADERS.resolve(text, **when)
    return (ref.position, ref.person, match.how)


def test_a_named_leader_resolves_to_the_seat_held_on_the_date():
    assert leader("PCT Dương Đức Tuấn", on=date(2021, 8, 10)) == ("PCT phụ trách quy hoạch", "Dương Đức Tuấn", "exact")
    assert leader("PCT TT Lê Hồng Sơn", on=date(2021, 8, 10)) == ("PCT thường trực", "Lê Hồng Sơn", "exact")


def test_a_title_alone_resolves_to_who_held_it_then():
    assert leader("Chủ tịch UBND Thành phố", on=date(2021, 8, 10))[1] == "Chu Ngọc Anh"
    assert leader("Chủ tịch UBND Thành phố", year=2024)[1] == "Trần Sỹ Thanh"


def test_typos_and_ocr_damage_are_resolved_and_flagged():
    assert leader("PCT Dương Đức Tuần", on=date(2021, 8, 10)) == ("PCT phụ trách quy hoạch", "Dương Đức Tuấn", "fuzzy")
    ref, match = LEADERS.resolve("PCT Lê Hồng Sơm", on=date(2021, 8, 10))
    assert (ref.person, match.how, match.detail) == ("Lê Hồng Sơn", "fuzzy", "Lê Hồng Sơm")


def test_a_seat_changes_hands():
    assert leader("PCT Vũ Thu Hà", year=2024) == ("PCT phụ trách văn hóa - xã hội", "Vũ Thu Hà", "exact")
    position, person, how = leader("PCT Vũ Thu Hà", on=date(2021, 8, 10))
    assert (position, person, how) == ("PCT phụ trách văn hóa - xã hội", "Vũ Thu Hà", "out_of_tenure")


def test_a_leader_group():
    assert leader("Các PCT UBND Thành phố", year=2024) == ("Các PCT UBND Thành phố", None, "group")


def test_an_unknown_leader_is_kept_as_written():
    ref, match = LEADERS.resolve("Đồng chí Bí thư Thành ủy", year=2024)
    assert (ref.text, ref.position, ref.person, match.how) == ("Đồng chí Bí thư Thành ủy", None, None, "unknown")


def test_the_hanoi_register_files_load():
    agencies = AgencyDirectory.from_toml(HANOI / "agencies.toml")
    leaders = LeaderDirectory.from_toml(HANOI / "leaders.toml")
    assert agencies.lookup("Sở KH&ĐT") == ("agency", "Sở Kế hoạch và Đầu tư")
    ref, _m = leaders.resolve("PCT Nguvễn Mạnh Quyền", on=date(2021, 8, 10))
    assert ref.person == "Nguyễn Mạnh Quyền"


def test_a_broken_register_file_is_a_parse_error(tmp_path):
    from planwatch.docparse import ParseError

    bad = tmp_path / "agencies.toml"
    bad.write_text("[[agency]\nname = ", encoding="utf-8")
    with pytest.raises(ParseError, match="TOML"):
        AgencyDirectory.from_toml(bad)
    with pytest.raises(ParseError):
        LeaderDirectory.from_toml(tmp_path / "missing.toml")
