"""Decoding, Unicode and tone-mark normalisation, boilerplate, title, date and sentences."""
import unicodedata

import pytest

from vnlabour.text import (UnreadableText, content_lines, decode, find_published, find_title,
                           normalise, split_sentences)


@pytest.mark.parametrize("raw, expected", [
    ("hoà", "hòa"), ("Khánh Hoà", "Khánh Hòa"), ("Thanh Hoá", "Thanh Hóa"), ("khoẻ", "khỏe"),
    ("thuỷ sản", "thủy sản"), ("quý", "quý"), ("hoàng", "hoàng"), ("Huỳnh", "Huỳnh"),
])
def test_old_tone_marks_take_the_new_place(raw, expected):
    assert normalise(raw) == expected


def test_nfd_and_nfc_normalise_to_the_same_text():
    text = "Tỷ lệ hộ nghèo toàn tỉnh Hòa Bình giảm 4,87%"
    assert normalise(unicodedata.normalize("NFD", text)) == normalise(text) == text


def test_line_endings_and_spaces():
    assert normalise("a\r\nb\rc\u00a0\u00a0d") == "a\nb\nc d"


def cp1258(text: str) -> bytes:
    """Text as a Windows-1258 file stores it: vowel shapes precomposed, tones combining."""
    out, marks = [], []
    for ch in unicodedata.normalize("NFD", text) + "\x00":
        if unicodedata.combining(ch):
            marks.append(ch)
            continue
        if out:
            shape = [m for m in marks if m in "\u0302\u0306\u031b"]
            out[-1] = unicodedata.normalize("NFC", out[-1] + "".join(shape)) + "".join(
                m for m in marks if m not in shape)
        out.append(ch)
        marks = []
    return "".join(out[:-1]).encode("cp1258")


@pytest.mark.parametrize("data, encoding", [
    ("Việc làm".encode(), "utf-8"),
    ("\ufeffViệc làm".encode("utf-8"), "utf-8-sig"),
    ("Việc làm".encode("utf-16"), "utf-16"),
    (cp1258("Tỷ lệ hộ nghèo giảm còn 2,1% trong năm"), "cp1258"),
])
def test_decode_supported_encodings(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert normalise(text).startswith(("Việc làm", "Tỷ lệ hộ nghèo"))


@pytest.mark.parametrize("data, status", [
    (b"", "empty"), (b"  \n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unreadable"),
])
def test_decode_refuses_non_text(data, status):
    with pytest.raises(UnreadableText) as err:
        decode(data)
    assert err.value.status == status


PAGE = """Tất cả chuyên mục
Thứ Bảy, 11/01/2025 14:08 (GMT +7)
Hải Hà: Hỗ trợ tạo việc làm cho người lao động
Thứ 4, 11/12/2024 | 05:19:19 [GMT +7] A A
Năm 2024, huyện đã tạo việc làm cho 1.884 lao động. TP. Hạ Long cũng vậy. Kết quả tốt!
Ảnh: Minh Yến
Xem thêm
Minh Yến"""


def test_boilerplate_lines_and_byline_are_skipped():
    text = normalise(PAGE)
    lines = [text[a:b] for a, b in content_lines(text)]
    assert lines == ["Hải Hà: Hỗ trợ tạo việc làm cho người lao động",
                     "Năm 2024, huyện đã tạo việc làm cho 1.884 lao động. TP. Hạ Long cũng vậy. "
                     "Kết quả tốt!"]


def test_headlines_under_a_heading_of_related_articles_are_links_not_text():
    text = normalise("Năm 2024, tỉnh giải quyết việc làm cho 16.254 lao động.\n"
                     "Tin liên quan\n"
                     "Hoà An: Hơn 1.200 lao động có việc làm mới\n"
                     "Trao Bằng khen cho các tập thể tiêu biểu\n"
                     "Xem thêm:\n"
                     "Bảo Lâm giảm 4% hộ nghèo\n"
                     "Năm 2025, tỉnh phấn đấu giảm 4% hộ nghèo.\n"
                     "Hà Quảng: 300 hộ thoát nghèo")
    lines = [text[a:b] for a, b in content_lines(text)]
    assert lines == ["Năm 2024, tỉnh giải quyết việc làm cho 16.254 lao động.",
                     "Năm 2025, tỉnh phấn đấu giảm 4% hộ nghèo.",
                     "Hà Quảng: 300 hộ thoát nghèo"]


def test_title_and_publication_date_from_banners():
    text = normalise(PAGE)
    assert find_title(text, content_lines(text)) == "Hải Hà: Hỗ trợ tạo việc làm cho người lao động"
    assert find_published(text) == "2024-12-11"  # the article's date, not today's banner


def test_sentences_do_not_split_numbers_or_abbreviations():
    text = normalise(PAGE)
    sentences = [text[s.start:s.end] for s in split_sentences(text, content_lines(text))]
    assert sentences[1:] == ["Năm 2024, huyện đã tạo việc làm cho 1.884 lao động.",
                             "TP. Hạ Long cũng vậy.", "Kết quả tốt!"]
