"""Vietnamese numerals, units, qualifiers and ranges: exact values, and round-trip properties."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnlabour.numbers import find_quantities, format_number, parse_number


def one(text):
    """The single quantity of text as (value, value_max, unit, qualifier)."""
    (q,) = find_quantities(text)
    return q.value, q.value_max, q.unit, q.qualifier


@pytest.mark.parametrize("text, expected", [
    ("1.884 lao động", (1884, None, "persons", "exact")),
    ("đạt 70,43%", (70.43, None, "percent", "exact")),
    ("83,7 tỷ đồng", (83_700_000_000, None, "vnd", "exact")),
    ("hơn 11 nghìn lao động", (11_000, None, "persons", "over")),
    ("gần 1 nghìn lao động", (1_000, None, "persons", "nearly")),
    ("trên 30.500 lao động", (30_500, None, "persons", "over")),
    ("mỗi năm từ 0,19% trở lên", (0.19, None, "percent", "at_least")),
    ("giảm hộ nghèo 0,74%/năm trở lên", (0.74, None, "percent", "at_least")),
    ("1.800 - 2.000 lao động", (1_800, 2_000, "persons", "exact")),
    ("từ 0,6 - 1,0%", (0.6, 1.0, "percent", "exact")),
    ("21,700 người", (21_700, None, "persons", "exact")),
    ("cho từ 28.000 đến 30.000 lao động", (28_000, 30_000, "persons", "exact")),
    ("25.953 lượt lao động", (25_953, None, "persons", "exact")),
    ("khoảng 1,6 triệu lao động", (1_600_000, None, "persons", "about")),
    ("tối thiểu 200 người lao động", (200, None, "persons", "at_least")),
    ("ước đạt 5.000 người", (5_000, None, "persons", "about")),
    ("dưới 2% hộ nghèo", (2, None, "percent", "under")),
    ("1.5%", (1.5, None, "percent", "exact")),
    ("1.234.567 người", (1_234_567, None, "persons", "exact")),
    ("12.345 hộ nghèo", (12_345, None, "households", "exact")),
])
def test_numbers_vietnamese_conventions(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text", [
    "giai đoạn 2021-2024", "Chiều 7/1, Sở", "tính đến tháng 9/2024", "Nghị định 61/2015/NĐ-CP",
    "năm 2024", "lần thứ 2", "Quyết định số 1234", "ngày 31/12/2024", "đạt 12/12 huyện",
    "số 15/QĐ-UBND", "ngày 15/01/2025", "tháng 9/2024 lao động",
])
def test_years_dates_and_identifiers_are_not_quantities(text):
    assert find_quantities(text) == []


def test_result_over_plan():
    (q,) = find_quantities("cho 32.150/30.000 lao động")
    assert (q.value, q.plan, q.unit, q.text) == (32_150, 30_000, "persons", "32.150/30.000")
    text = "xuất khẩu 1,520/1,200 người"   # a misused separator in both counts
    (q,) = find_quantities(text)
    assert (q.value, q.plan, text[q.plan_start:q.end]) == (1520, 1200, "1,200")
    # no plan: the figure stands alone
    assert find_quantities("7.520 người")[0].plan is None


def test_den_makes_a_range_only_after_tu():
    assert [(q.value, q.value_max, q.unit) for q in find_quantities("giảm 2 đến 3 người")] == [
        (2, None, ""), (3, None, "persons")]
    assert [(q.value, q.value_max) for q in find_quantities("tăng 5.000 đến năm 2025")] == [
        (5000, None)]


def test_offsets_cover_qualifier_number_and_unit():
    text = "toàn tỉnh đã giải quyết việc làm cho trên 30.500 lao động, vượt 167% kế hoạch"
    first, second = find_quantities(text)
    assert text[first.qual_start:first.unit_end] == "trên 30.500 lao động"
    assert text[first.start:first.end] == "30.500"
    assert text[second.start:second.end] == "167%"


def test_parse_number_rejects_mixed_garbage():
    with pytest.raises(ValueError):
        parse_number("1.2.3,4,5")


@settings(max_examples=1500, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_integer_round_trip(n):
    """A whole number written the Vietnamese way parses back to itself."""
    assert parse_number(format_number(n)) == n
    assert find_quantities(f"có {format_number(n)} lao động")[0].value == n


@settings(max_examples=1500, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=99))
def test_decimal_percent_round_trip(whole, cents):
    """A decimal written with ',' (70,43%) parses back to itself."""
    value = whole + cents / 100
    text = format_number(value, 2)
    assert parse_number(text) == pytest.approx(value)
    (q,) = find_quantities(f"tỷ lệ đạt {text}%")
    assert q.unit == "percent" and q.value == pytest.approx(value)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%/- ntrêhơgầkoảngườilaộđ")),
               max_size=40))
def test_find_quantities_never_raises_on_noise(text):
    for q in find_quantities(text):
        assert 0 <= q.qual_start <= q.start < q.end <= q.unit_end <= len(text)
