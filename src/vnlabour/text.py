"""Text handling: decoding, Unicode and tone-mark normalisation, boilerplate, sentences.

Every offset that vnlabour reports (facts.char_start/char_end) refers to the *normalised* text
returned by `normalise`, which keeps boilerplate lines in place (they are skipped, not cut) so
that a researcher can reproduce the offsets with `normalise(raw_text)`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_LINE_ENDS = re.compile(r"\r\n?|\u2028|\u2029")
_ODD_SPACE = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200c))) + "\u202f\u205f\u3000\ufeff"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE}]+")
# Old-style placement puts the tone on the second vowel of an open "oa", "oe", "uy" syllable
# (hoà, khoẻ, thuỷ); the new style, used by official names (Hòa Bình, Khánh Hòa), on the first.
# Matched on NFC text: a toned a/e after an 'o', or a toned y after a 'u', that ends the word.
# The pattern starts with the toned vowel (rarer than o/u) so the engine skips to candidates.
_TONED_AE = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"
_TONED_Y = "ỳýỷỹỵỲÝỶỸỴ"
_OLD_TONE = re.compile(rf"[{_TONED_AE}{_TONED_Y}](?<=[oO][{_TONED_AE}]|[uU][{_TONED_Y}])(?!\w)")
_NOT_AFTER = {"o": "qQgG", "O": "qQgG", "u": "qQ", "U": "qQ"}  # "quý", "quả" keep their tone


def _new_style(text: str) -> str:
    """'oà' -> 'òa': the tone moved from the second vowel to the first ('quý' unchanged)."""
    pieces, pos = [], 0
    for m in _OLD_TONE.finditer(text):
        first = m.start() - 1
        if first and text[first - 1] in _NOT_AFTER[text[first]]:
            continue
        pieces += [text[pos:first], _moved(text[first], m.group())]
        pos = m.end()
    return "".join(pieces) + text[pos:] if pieces else text


@lru_cache(maxsize=None)
def _moved(first: str, second: str) -> str:
    decomposed = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + decomposed[1:]) + decomposed[0]


def normalise(text: str) -> str:
    """NFC text with new-style tone marks, '\\n' line ends and single spaces.

    Both NFD input and old-style tone placement ("hoà", "thuỷ") map to the same string, so
    cue phrases and place names in the rule tables match either spelling.
    """
    text = unicodedata.normalize("NFC", _LINE_ENDS.sub("\n", text))
    if any(c in text for c in _ODD_SPACE):  # 'in' is ~8x faster than a regex search
        text = _ODD_SPACES.sub(" ", text)
    while "  " in text:  # runs of spaces: str.replace is much faster than a regex on ' '
        text = text.replace("  ", " ")
    return _new_style(text)


# --- decoding -----------------------------------------------------------------------------

class UnreadableText(ValueError):
    """A file whose bytes are not text vnlabour can read; `status` goes to documents.csv."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


# Words that any Vietnamese text of some length contains; decoding a legacy 8-bit encoding
# (TCVN3, VNI) as Windows-1258 yields text without them.
_COMMON_WORDS = re.compile(r"(?<!\w)(?:của|và|các|được|trong|những|người|năm|cho|với|đã|có)(?!\w)")


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of raw file bytes: UTF-8 (with or without BOM), UTF-16 (with a
    BOM, or without one when every other byte is NUL), or Windows-1258. Raises UnreadableText
    for empty, binary or undecodable input, and for legacy encodings such as TCVN3 or VNI that
    cannot be told apart reliably."""
    if not data.strip():
        raise UnreadableText("empty", "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a BOM: the high bytes of ASCII characters are NUL, the low bytes never
        for codec, high, low in (("utf-16-le", head[1::2], head[0::2]),
                                 ("utf-16-be", head[0::2], head[1::2])):
            if high.count(0) > 0.3 * len(high) and low.count(0) == 0:
                return data.decode(codec, errors="replace"), codec
        raise UnreadableText("unreadable", "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if len(_COMMON_WORDS.findall(text.lower())) >= max(2, len(text) // 2000):
        return text, "cp1258"
    raise UnreadableText("unsupported_encoding",
                         "not UTF-8, UTF-16 or Windows-1258 Vietnamese text (TCVN3 or VNI?); "
                         "convert it to UTF-8")


def html_to_text(html: str) -> tuple[str, str, str, str]:
    """Article text, title, date (ISO or '') and address (its canonical or og:url, or '') of
    an HTML page, via trafilatura.

    trafilatura drops some lead paragraphs (div.sapo and friends): they are put back in front.
    Comments and navigation are excluded.
    """
    import trafilatura
    from lxml import html as lxml_html

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      favor_recall=True, with_metadata=True)
    body = (doc.text if doc else "") or ""
    title = (doc.title if doc else "") or ""
    date = (doc.date if doc else "") or ""
    url = (doc.url if doc else "") or ""
    try:
        tree = lxml_html.fromstring(html)
        leads = tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " sapo ") '
                           'or contains(@class, "sapo") or contains(@class, "lead") '
                           'or contains(@class, "chapeau")]')
        lead = " ".join(" ".join(" ".join(el.itertext()).split()) for el in leads)
    except (ValueError, lxml_html.etree.ParserError):
        lead = ""
    if lead and lead[:60] not in body:
        body = lead + "\n" + body
    return body, title, date, url


# --- structure: boilerplate, title, date, sentences -----------------------------------------

@lru_cache(maxsize=None)
def _boilerplate(kind: str | None = None) -> re.Pattern:
    """One pattern matching a whole boilerplate line (of one kind, or any), from
    rules/boilerplate.csv."""
    from vnlabour.tables import read_table

    return re.compile("|".join(f"(?:{r['pattern']})" for r in read_table("boilerplate")
                               if kind in (None, r["kind"])), re.IGNORECASE)


_PROSE_ENDS = (".", "!", "?", "…", ":", ";", '"', "”", ")")   # how a line of prose ends
_BYLINE = re.compile(r"[^\W\d_][\w.]*(?: [^\W\d_][\w.]*){0,5}")


def content_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that carry article text: boilerplate, the headlines listed under a
    heading of related articles ("Tin liên quan"), and trailing bylines excluded. A line that
    goes on a sentence the line before left open (no closing punctuation there, a lowercase
    word here: "… cho 230.763 lao động,⏎đạt 109,88% kế hoạch") is part of that line: a hard
    line break of the page, no paragraph."""
    pattern, related = _boilerplate(), _boilerplate("related")
    spans = []
    pos = 0
    links = False   # under a heading of related articles, until a line of prose
    last = -2       # index of the line of the last span
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped and not pattern.fullmatch(stripped):
            links = links and not stripped.endswith(_PROSE_ENDS)
            if not links:
                lead = len(line) - len(line.lstrip())
                if last == i - 1 and stripped[0].islower() and \
                        not text[spans[-1][0]:spans[-1][1]].endswith(_PROSE_ENDS):
                    spans[-1] = (spans[-1][0], pos + lead + len(stripped))
                else:
                    spans.append((pos + lead, pos + lead + len(stripped)))
                last = i
        elif stripped:
            links = links or bool(related.fullmatch(stripped))
        pos += len(line) + 1
    while spans and _is_byline(text[spans[-1][0]:spans[-1][1]]):
        spans.pop()
    return spans


def _is_byline(line: str) -> bool:
    """A short signature line at the end of an article ("Minh Yến", "Thu Hương")."""
    return len(line) <= 40 and bool(_BYLINE.fullmatch(line)) and all(
        w[0].isupper() for w in line.split())


_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def find_published(text: str) -> str:
    """Publication date (ISO) from the date banners of a page: the earliest banner date, since a
    page shows both the article's date and today's date."""
    pattern = _boilerplate()
    dates = []
    for line in text.split("\n")[:15]:
        if pattern.fullmatch(line.strip()):
            for d, m, y in _DATE.findall(line):
                if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
                    dates.append(f"{int(y):04d}-{int(m):02d}-{int(d):02d}")
    return min(dates) if dates else ""


def find_title(text: str, lines: list[tuple[int, int]]) -> str:
    """The title: the first of the top lines that is short, has several words and is not a
    sentence of the body (no final period)."""
    for start, end in lines[:4]:
        line = text[start:end]
        if len(line.split()) >= 4 and len(line) <= 200 and not line.endswith((".", "…")):
            return line
    return ""


@dataclass(slots=True)
class Sentence:
    """A sentence: its span in the normalised text and the paragraph (line) it belongs to."""

    start: int
    end: int
    paragraph: int


@lru_cache(maxsize=None)
def _sentence_end() -> re.Pattern:
    """Sentence boundaries: '.', '!', '?', '…' or './.' followed by space and a capital, a
    quote or a dash; abbreviations from rules/abbreviations.csv do not end a sentence."""
    from vnlabour.tables import read_table

    abbrevs = sorted((r["abbreviation"] for r in read_table("abbreviations")), key=len)
    guard = "".join(f"(?<!\\b{re.escape(a)})" for a in abbrevs)
    return re.compile(rf"[.!?…](?:(?<=\.)/\.|[.!?…]*){guard}(?=\s+[\"“'(\-–•]?[A-ZĐÀ-Ỹ0-9])")


_ELLIPSIS_DIGIT = re.compile(r"\s+\d")


def _closes_list(text: str, m: re.Match) -> bool:
    """An ellipsis before a number closes a list inside its sentence ("… sang Nhật Bản, Đức,
    Úc... 1.420 người"), it ends no sentence."""
    return m.group().endswith(("…", "..")) and bool(_ELLIPSIS_DIGIT.match(text, m.end()))


def split_sentences(text: str, lines: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences of the content lines, in order. A line is a paragraph."""
    boundary = _sentence_end()
    sentences = []
    for para, (start, end) in enumerate(lines):
        pos = start
        for m in boundary.finditer(text, start, end):
            if _closes_list(text, m):
                continue
            sentences.append(Sentence(pos, m.end(), para))
            pos = m.end()
            while pos < end and text[pos] == " ":
                pos += 1
        if pos < end:
            sentences.append(Sentence(pos, end, para))
    return sentences


LONG_SENTENCE = 2000   # characters: a longer "sentence" is read in clause-sized pieces
# where a long sentence may be cut, best first: clause ends, list separators, any space
_CUTS = (re.compile(r"[;\n]"), re.compile(r",(?!\d)|:(?!\d)|[•·|]|\s[-–+]\s"), re.compile(r"\s"))


def clause_pieces(text: str, sentences: list[Sentence],
                  limit: int = LONG_SENTENCE) -> list[Sentence]:
    """The sentences, each longer than `limit` characters cut into pieces of at most `limit`:
    a table flattened to text, a list of communes or a page without full stops reads as one
    endless "sentence", in which every figure would look for its cues, years and totals over
    hundreds of kilobytes. A piece ends at the last clause end (';', a line break) of the
    second half of its window, else at the last list separator, else at the last space."""
    if all(s.end - s.start <= limit for s in sentences):   # nearly always
        return sentences
    pieces = []
    for s in sentences:
        start = s.start
        while s.end - start > limit:
            end = _cut(text, start + limit // 2, start + limit)
            pieces.append(Sentence(start, end, s.paragraph))
            start = end
            while start < s.end and text[start].isspace():
                start += 1
        pieces.append(Sentence(start, s.end, s.paragraph) if start != s.start else s)
    return pieces


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a piece of a long sentence within [lo, hi]: after the last separator of
    the best kind found there (trailing spaces left out), else at hi."""
    for pattern in _CUTS:
        found = list(pattern.finditer(text, lo, hi))   # a window of a few hundred characters
        if found:
            end = found[-1].end()
            while end > lo and text[end - 1].isspace():
                end -= 1
            return end
    return hi
