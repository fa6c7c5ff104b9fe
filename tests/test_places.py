"""Tests of vnlabour.places: the province tables, lookups, place mentions and document
resolution."""
from __future__ import annotations

import importlib.util
import re
import unicodedata

import pytest

from vnlabour import places
from vnlabour.places import (
    Mention, Province, Resolution, UnknownProvince, district_province, find_mentions,
    lookup_province, provinces, provinces_2025, resolve_document, resolve_report_province, slug)
from vnlabour.tables import read_table
from vnlabour.text import normalise

from conftest import ROOT, SEEDS

ARTICLES = SEEDS


def seed(prefix: str) -> str:
    """Normalised text of the seed article whose file name starts with `prefix`."""
    (path,) = ARTICLES.glob(f"{prefix}_*.txt")
    return normalise(path.read_text(encoding="utf-8"))


def mentions(text: str) -> list[tuple[str, str, str, str, bool]]:
    """(kind, name, province, prefix, destination) of the mentions in `text`."""
    return [(m.kind, m.name, m.province, m.prefix, m.destination)
            for m in find_mentions(normalise(text))]


def names(rows: list[Province]) -> list[str]:
    return [p.name for p in rows]


# --- tables -------------------------------------------------------------------------------------

def test_63_provinces_ordered_by_code():
    rows = provinces()
    assert len(rows) == 63
    assert [p.code for p in rows] == sorted(p.code for p in rows)
    assert len({p.name for p in rows}) == 63
    assert rows[0] == Province("Hà Nội", "01", "Hà Nội", "01")
    assert Province("Thừa Thiên Huế", "46", "Huế", "46") in rows
    assert {"Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "Đắk Lắk"} <= {p.name for p in rows}


def test_34_provinces_from_2025():
    merged = provinces_2025()
    assert len(merged) == 34
    assert sorted(p.name for ps in merged.values() for p in ps) == sorted(names(provinces()))
    assert all(p.name_2025 in merged for p in provinces())
    assert names(merged["Tuyên Quang"]) == ["Hà Giang", "Tuyên Quang"]
    assert names(merged["Thái Nguyên"]) == ["Bắc Kạn", "Thái Nguyên"]
    assert names(merged["Cần Thơ"]) == ["Cần Thơ", "Hậu Giang", "Sóc Trăng"]
    assert names(merged["Huế"]) == ["Thừa Thiên Huế"]
    assert names(merged["Quảng Trị"]) == ["Quảng Bình", "Quảng Trị"]
    assert names(merged["Hồ Chí Minh"]) == ["Bình Dương", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"]


def _generator():
    """scripts/make_place_tables.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "make_place_tables", ROOT / "scripts" / "make_place_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tables_agree_with_vietnamadminunits():
    gen = _generator()
    db = gen.open_db()
    expected = [{k: v for k, v in r.items() if k != "aliases"}
                for r in gen.province_rows(db, gen.load_converter())]
    actual = [{k: v for k, v in r.items() if k != "aliases"} for r in read_table("provinces")]
    assert actual == expected
    assert [dict(r) for r in read_table("districts")] == gen.district_rows(db)


def test_districts_table():
    rows = read_table("districts")
    assert len(rows) == 696
    assert {r["province"] for r in rows} == set(names(provinces()))
    assert {r["type"] for r in rows} == {"huyện", "quận", "thị xã", "thành phố"}
    assert not [r for r in rows if "(" in r["district"] or "Phố" in r["district"]]
    assert {"province": "Quảng Bình", "district": "Quảng Ninh", "type": "huyện"} in rows
    assert {"province": "Bắc Kạn", "district": "Bắc Kạn", "type": "thành phố"} in rows
    assert {"province": "Hà Tĩnh", "district": "Kỳ Anh", "type": "thị xã"} in rows


def test_newspapers_table():
    rows = read_table("newspapers")
    known = set(names(provinces()))
    assert all(r["province"] in known for r in rows)
    domains = [r["domain"] for r in rows if r["domain"]]
    assert len(domains) == len(set(domains))
    assert all(re.fullmatch(r"[a-z0-9.-]+\.[a-z]+", d) for d in domains)
    abbreviations = [r["abbreviation"] for r in rows if r["abbreviation"]]
    assert len(abbreviations) == len(set(abbreviations))
    assert len({r["province"] for r in rows}) >= 60


def test_place_context_kinds():
    kinds = {r["kind"] for r in read_table("place_context")}
    assert kinds == {"province_prefix", "district_prefix", "commune_prefix", "destination",
                     "destination_adjacent", "not_place", "province_scope", "district_scope",
                     "former", "merged", "district_descriptor", "province_reference"}


def test_aliases_name_one_province_each():
    for p in provinces():
        for alias in places._catalog().aliases[p.name]:
            assert lookup_province(alias) == p, alias


# --- lookups ------------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling, name", [
    ("Hà Giang", "Hà Giang"),
    ("ha giang", "Hà Giang"),
    ("HA GIANG", "Hà Giang"),
    ("tỉnh Hà Giang", "Hà Giang"),
    (unicodedata.normalize("NFD", "Hà Giang"), "Hà Giang"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("tp.hcm", "Hồ Chí Minh"),
    ("TP HCM", "Hồ Chí Minh"),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("Sài Gòn", "Hồ Chí Minh"),
    ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
    ("Huế", "Thừa Thiên Huế"),
    ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Đăk Lăk", "Đắk Lắk"),
    ("Đắc Lắc", "Đắk Lắk"),
    ("Đăk Nông", "Đắk Nông"),
    ("Kontum", "Kon Tum"),
    ("Bắc Cạn", "Bắc Kạn"),
])
def test_lookup_province(spelling, name):
    assert lookup_province(spelling).name == name


@pytest.mark.parametrize("spelling", ["", "  ", "Atlantis", "Hà Gang", "tỉnh"])
def test_lookup_province_unknown(spelling):
    assert lookup_province(spelling) is None


def test_resolve_report_province():
    assert resolve_report_province("Tuyên Quang") == (
        "Tuyên Quang", [lookup_province("Hà Giang"), lookup_province("Tuyên Quang")])
    assert resolve_report_province("ha giang") == ("Hà Giang", [lookup_province("Hà Giang")])
    assert resolve_report_province("Huế") == ("Huế", [lookup_province("Thừa Thiên Huế")])
    assert resolve_report_province("Thừa Thiên Huế") == (
        "Thừa Thiên Huế", [lookup_province("Thừa Thiên Huế")])
    display, covered = resolve_report_province("TP.HCM")
    assert (display, names(covered)) == ("Hồ Chí Minh",
                                         ["Bình Dương", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"])


def test_resolve_report_province_suggests():
    with pytest.raises(UnknownProvince, match="unknown province 'Hà Gang'; did you mean "
                                              "'Hà Giang'\\?"):
        resolve_report_province("Hà Gang")
    with pytest.raises(UnknownProvince, match=r"^unknown province 'Xyzzy'$"):
        resolve_report_province("Xyzzy")
    assert issubclass(UnknownProvince, ValueError)


@pytest.mark.parametrize("district, hint, name", [
    ("Hải Hà", None, "Quảng Ninh"),
    ("huyện Hải Hà", None, "Quảng Ninh"),
    ("Quảng Ninh", None, "Quảng Bình"),
    ("Bắc Kạn", None, "Bắc Kạn"),
    ("thành phố Bắc Kạn", None, "Bắc Kạn"),
    ("Quan Sơn", None, "Thanh Hóa"),
    ("Quận 1", None, "Hồ Chí Minh"),
    ("Kỳ Anh", None, "Hà Tĩnh"),
    ("Phú Mỹ", None, "Bà Rịa - Vũng Tàu"),
    ("Phù Mỹ", None, "Bình Định"),
    ("xin man", None, "Hà Giang"),
    ("Châu Thành", "Hậu Giang", "Hậu Giang"),
    ("Châu Thành", "tỉnh Tiền Giang", "Tiền Giang"),
])
def test_district_province(district, hint, name):
    assert district_province(district, hint).name == name


@pytest.mark.parametrize("district, hint", [
    ("Châu Thành", None), ("Châu Thành", "Hà Giang"), ("Atlantis", None), ("", None)])
def test_district_province_unknown_or_ambiguous(district, hint):
    assert district_province(district, hint) is None


@pytest.mark.parametrize("name, expected", [
    ("Hà Giang", "ha-giang"),
    ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
    ("Đắk Lắk", "dak-lak"),
    ("Thừa Thiên Huế", "thua-thien-hue"),
    ('"Hà Nội"', "ha-noi"),
    ("../etc/passwd", "etc-passwd"),
    ("a/b\\c", "a-b-c"),
    ("..", "unknown"),
    ("", "unknown"),
    ("  ", "unknown"),
])
def test_slug(name, expected):
    assert slug(name) == expected


def test_slugs_are_safe_and_distinct():
    all_names = names(provinces()) + list(provinces_2025())
    for name in all_names:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug(name))
    assert len({slug(n) for n in names(provinces())}) == 63
    assert len({slug(n) for n in provinces_2025()}) == 34


# --- mentions -----------------------------------------------------------------------------------

def test_district_named_like_a_province():
    assert mentions("Người dân huyện Quảng Ninh đi làm.") == [
        ("district", "Quảng Ninh", "Quảng Bình", "huyện", False)]
    assert mentions("thành phố Bắc Kạn (tỉnh Bắc Kạn)") == [
        ("district", "Bắc Kạn", "Bắc Kạn", "thành phố", False),
        ("province", "Bắc Kạn", "Bắc Kạn", "tỉnh", False)]
    assert mentions("thị xã Quảng Trị") == [("district", "Quảng Trị", "Quảng Trị", "thị xã", False)]


def test_central_cities_are_provinces():
    assert mentions("thành phố Hà Nội, TP. Hải Phòng, thành phố Huế") == [
        ("province", "Hà Nội", "Hà Nội", "thành phố", False),
        ("province", "Hải Phòng", "Hải Phòng", "TP.", False),
        ("province", "Thừa Thiên Huế", "Thừa Thiên Huế", "thành phố", False)]
    assert mentions("TP.HCM và Tp. Hồ Chí Minh") == [
        ("province", "Hồ Chí Minh", "Hồ Chí Minh", "TP.", False),
        ("province", "Hồ Chí Minh", "Hồ Chí Minh", "Tp.", False)]


def test_prefixes_are_case_insensitive_names_are_not():
    assert mentions("Huyện Hải Hà; TP.Móng Cái; TX. Quảng Yên") == [
        ("district", "Hải Hà", "Quảng Ninh", "Huyện", False),
        ("district", "Móng Cái", "Quảng Ninh", "TP.", False),
        ("district", "Quảng Yên", "Quảng Ninh", "TX.", False)]
    assert mentions("tỉnh hà giang") == []
    assert mentions("UBND tỉnh Hậu Giang") == [
        ("province", "Hậu Giang", "Hậu Giang", "UBND tỉnh", False)]
    # all in capitals, as in the header of an official document
    assert mentions("UBND TỈNH HÀ TĨNH\nSỞ LAO ĐỘNG") == [
        ("province", "Hà Tĩnh", "Hà Tĩnh", "UBND TỈNH", False)]


def test_descriptors_between_prefix_and_name():
    assert mentions("huyện miền núi Minh Hóa; tỉnh vùng cao Hà Giang; huyện đảo Cô Tô") == [
        ("district", "Minh Hóa", "Quảng Bình", "huyện", False),
        ("province", "Hà Giang", "Hà Giang", "tỉnh", False),
        ("district", "Cô Tô", "Quảng Ninh", "huyện", False)]


def test_bare_district_names_are_ignored():
    assert mentions("Ông Hải Hà cho biết, Mèo Vạc là vùng đá.") == []


def test_district_lists():
    assert mentions("tại các huyện như: Xín Mần, Hoàng Su Phì, Mèo Vạc và Vị Xuyên") == [
        ("district", "Xín Mần", "Hà Giang", "các huyện như", False),
        ("district", "Hoàng Su Phì", "Hà Giang", "", False),
        ("district", "Mèo Vạc", "Hà Giang", "", False),
        ("district", "Vị Xuyên", "Hà Giang", "", False)]
    # The list stops at the first item that is not a district of its province.
    assert mentions("huyện Hải Hà, Quảng Ninh") == [
        ("district", "Hải Hà", "Quảng Ninh", "huyện", False),
        ("province", "Quảng Ninh", "Quảng Ninh", "", False)]
    assert mentions("huyện Lệ Thủy, Quảng Ninh") == [
        ("district", "Lệ Thủy", "Quảng Bình", "huyện", False),
        ("district", "Quảng Ninh", "Quảng Bình", "", False)]
    # A list narrows an ambiguous first item.
    assert mentions("các huyện Châu Thành, Phụng Hiệp") == [
        ("district", "Châu Thành", "Hậu Giang", "các huyện", False),
        ("district", "Phụng Hiệp", "Hậu Giang", "", False)]


def test_ambiguous_district_and_its_province():
    assert mentions("huyện Châu Thành") == [("district", "Châu Thành", "", "huyện", False)]
    assert mentions("huyện Châu Thành, tỉnh Tiền Giang") == [
        ("district", "Châu Thành", "Tiền Giang", "huyện", False),
        ("province", "Tiền Giang", "Tiền Giang", "tỉnh", False)]


def test_district_in_parentheses_after_commune():
    assert mentions("xã Sủng Là (Đồng Văn)") == [
        ("district", "Đồng Văn", "Hà Giang", "", False)]
    assert mentions("xã Lũng Cú (Đồng Văn, Hà Giang)") == [
        ("district", "Đồng Văn", "Hà Giang", "", False),
        ("province", "Hà Giang", "Hà Giang", "", False)]
    assert mentions("Hội nghị (Đồng Văn)") == []


def test_title_subject_district():
    assert mentions("Hải Hà: Hỗ trợ tạo việc làm") == [
        ("district", "Hải Hà", "Quảng Ninh", "", False)]
    assert mentions("Tin mới\nĐồng Văn : Mở lớp nghề") == [
        ("district", "Đồng Văn", "Hà Giang", "", False)]


def test_numbered_urban_districts():
    assert mentions("Quận 1 và quận 12") == [
        ("district", "Quận 1", "Hồ Chí Minh", "Quận", False),
        ("district", "Quận 12", "Hồ Chí Minh", "quận", False)]


def test_spelling_variants_in_text():
    assert [m[1] for m in mentions("tỉnh Khánh Hoà, tỉnh Bà Rịa-Vũng Tàu, TT-Huế, "
                                   "huyện Đắk R’Lấp")] == [
        "Khánh Hòa", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế", "Đắk R'Lấp"]


def test_not_place_proper_nouns():
    assert mentions("Hiệp định Đối tác xuyên Thái Bình Dương") == []


def test_destinations():
    assert mentions("lao động tìm được việc làm tại các tỉnh lớn như: Bắc Giang, Quảng Ninh, "
                    "Bắc Ninh, Đồng Nai… thông qua") == [
        ("province", n, n, "", True) for n in ("Bắc Giang", "Quảng Ninh", "Bắc Ninh", "Đồng Nai")]
    assert mentions("đưa lao động Hà Giang sang Trung Quốc") == [
        ("province", "Hà Giang", "Hà Giang", "", False)]
    assert mentions("nhiều người ra Hà Nội làm việc") == [
        ("province", "Hà Nội", "Hà Nội", "", True)]
    # The clause ends at a comma or full stop, and the phrase governs the first place only.
    assert mentions("vượt 6% so với kế hoạch, tỉnh Hà Giang đạt 60%") == [
        ("province", "Hà Giang", "Hà Giang", "tỉnh", False)]
    assert mentions("Đoàn công tác tỉnh Lào Cai làm việc tại tỉnh Hà Giang") == [
        ("province", "Lào Cai", "Lào Cai", "tỉnh", True),
        ("province", "Hà Giang", "Hà Giang", "tỉnh", False)]


def test_mention_spans():
    text = normalise("Năm 2024, UBND huyện Hải Hà và tỉnh Quảng Ninh")
    found = find_mentions(text)
    assert [text[m.start:m.end] for m in found] == ["UBND huyện Hải Hà", "tỉnh Quảng Ninh"]
    assert isinstance(found[0], Mention)


# --- seed articles ------------------------------------------------------------------------------

def test_one_district_referred_back_to_is_the_locality():
    text = ("Huyện Mường Nhé (Điện Biên) là huyện nghèo. Đến cuối năm 2024, toàn huyện còn "
            "4.512 hộ nghèo. So với năm 2023, tỷ lệ hộ nghèo của huyện đã giảm 6,4%.")
    assert resolve_document(text).locality == "Mường Nhé"


def test_one_district_in_a_province_article_is_not_the_locality():
    # named once, referred back to once, but the article speaks of the whole province twice
    text = ("Năm 2024, toàn tỉnh Điện Biên giải quyết việc làm cho 9.000 lao động. Riêng huyện "
            "Mường Nhé, huyện đã giảm 6,4% hộ nghèo. Tỷ lệ hộ nghèo toàn tỉnh còn 20%.")
    assert resolve_document(text).locality == ""
    # referring back needs the district's own type word: a town is no "huyện"
    text = "Thị xã Mường Lay (Điện Biên) tổ chức hội nghị. Toàn huyện còn 200 hộ nghèo."
    assert resolve_document(text).locality == ""
    # a district named twice in an article that speaks of the province more often
    text = ("Các cơ sở giáo dục nghề nghiệp trong tỉnh Phú Yên tuyển sinh 14.860 người. Tỷ lệ hộ "
            "nghèo của tỉnh còn 2,1%. Huyện Sông Hinh giảm 500 hộ nghèo; huyện Sông Hinh còn "
            "1.200 hộ nghèo. Năm 2025, tỉnh phấn đấu giảm 1% hộ nghèo.")
    assert resolve_document(text).locality == ""
    assert resolve_document(text.replace("trong tỉnh Phú Yên", "Phú Yên")
                            .replace("của tỉnh", "của huyện Sông Hinh")).locality == "Sông Hinh"


@pytest.mark.parametrize("text", [
    "Năm 2024, Đắk Lắk giải quyết việc làm cho 25.000 lao động.",
    "Đắk Lắk: giải quyết việc làm cho 25.000 lao động",
    "Hội nghị tổng kết năm. Đắk Lắk đã giải quyết việc làm cho 25.000 lao động.",
    "SỞ LAO ĐỘNG\nSố: 412/BC-SLĐTBXH\nĐắk Lắk, ngày 20 tháng 12 năm 2024\nToàn tỉnh …",
])
def test_a_province_as_the_subject_is_enough(text):
    assert resolve_document(text).province == "Đắk Lắk"


@pytest.mark.parametrize("text", [
    "Toàn tỉnh giải quyết việc làm cho 15.000 lao động.\nThái Bình",    # a signature line
    "Ông Nguyễn Bình Dương cho biết toàn tỉnh đã giải quyết việc làm.",  # a person's name
])
def test_a_province_name_in_passing_is_not(text):
    assert resolve_document(text).province == ""


def test_seed_000_district_in_quang_ninh():
    text = seed("000")
    title = "Hải Hà: Hỗ trợ tạo việc làm cho người lao động"
    assert resolve_document(text, title=title) == Resolution(
        "Quảng Ninh", "district", "Hải Hà", "huyện Hải Hà ×3")
    assert resolve_document(text).locality == "Hải Hà"


def test_seed_001_city_of_bac_kan():
    assert resolve_document(seed("001")) == Resolution(
        "Bắc Kạn", "district", "Bắc Kạn", "tỉnh Bắc Kạn ×1; thành phố Bắc Kạn ×3")


def test_seed_002_hau_giang():
    assert resolve_document(seed("002")) == Resolution(
        "Hậu Giang", "text", "", "tỉnh Hậu Giang ×4; Hậu Giang ×1")


def test_seed_003_ha_giang_discounts_destinations():
    text = seed("003")
    found = find_mentions(text)
    assert [m.name for m in found if m.kind == "district"] == [
        "Xín Mần", "Hoàng Su Phì", "Mèo Vạc", "Vị Xuyên", "Đồng Văn"]
    assert {m.province for m in found if m.kind == "district"} == {"Hà Giang"}
    assert [m.name for m in found if m.destination] == [
        "Bắc Giang", "Quảng Ninh", "Bắc Ninh", "Đồng Nai"]
    result = resolve_document(text)
    assert (result.province, result.source, result.locality) == ("Hà Giang", "district", "")
    assert result.evidence == (
        "dateline BHG ×1; huyện Xín Mần ×1; huyện Hoàng Su Phì ×1; huyện Mèo Vạc ×1; "
        "huyện Vị Xuyên ×1; huyện Đồng Văn ×1; Hà Giang ×1; not counted (destination): "
        "Bắc Giang, Quảng Ninh, Bắc Ninh, Đồng Nai")


def test_seed_004_unresolved():
    assert resolve_document(seed("004")) == Resolution("", "unresolved", "", "no place named")


# --- resolution rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["https://baohatinh.vn/lao-dong/abc.html",
                                 "http://www.baohatinh.vn/x", "https://m.baohatinh.vn/",
                                 "baohatinh.vn/x"])
def test_newspaper_domain(url):
    result = resolve_document("Năm 2024, toàn tỉnh giải quyết việc làm cho 20.000 lao động.",
                              url=url)
    assert (result.province, result.source) == ("Hà Tĩnh", "domain")


def test_unknown_domain_is_no_evidence():
    assert resolve_document("Toàn tỉnh đạt 60%.", url="https://example.vn/baohatinh.vn").source \
        == "unresolved"


@pytest.mark.parametrize("text", ["(BHG) - Toàn tỉnh đạt 60%.", "BHG- Toàn tỉnh đạt 60%.",
                                  "Tin tức\nBHG – Toàn tỉnh đạt 60%."])
def test_dateline(text):
    result = resolve_document(text)
    assert (result.province, result.source) == ("Hà Giang", "domain")


def test_dateline_is_the_domain():
    result = resolve_document("(Baonghean.vn) - Toàn tỉnh đạt 60%.")
    assert (result.province, result.evidence) == ("Nghệ An", "dateline Baonghean.vn ×1")


def test_catalog_wins():
    result = resolve_document(seed("003"), catalog_province="tp.hcm")
    assert (result.province, result.source, result.evidence) == (
        "Hồ Chí Minh", "catalog", "catalog Hồ Chí Minh")
    fallback = resolve_document(seed("003"), catalog_province="Atlantis")
    assert (fallback.province, fallback.source) == ("Hà Giang", "district")
    assert fallback.evidence.startswith("catalog province 'Atlantis' unknown; ")


def test_no_clear_winner_is_unresolved():
    result = resolve_document("Lao động tỉnh Hà Giang và tỉnh Lào Cai.")
    assert result == Resolution("", "unresolved", "", "unclear: Hà Giang 3, Lào Cai 3")
    # a bare name in passing is too weak
    assert resolve_document("Du lịch Hà Giang đẹp.").province == ""


def test_title_counts_when_not_in_text():
    result = resolve_document("Toàn huyện có 1.000 lao động.", title="Hải Hà: việc làm")
    assert result == Resolution("Quảng Ninh", "district", "Hải Hà", "huyện Hải Hà ×1")


def test_locality_needs_a_clear_favourite_of_the_province():
    two_each = "huyện Hải Hà, huyện Hải Hà, huyện Đầm Hà, huyện Đầm Hà, tỉnh Quảng Ninh"
    assert resolve_document(two_each).locality == ""
    other_province = "tỉnh Quảng Ninh; tỉnh Quảng Ninh. huyện Xín Mần. huyện Xín Mần."
    assert resolve_document(other_province).locality == ""
