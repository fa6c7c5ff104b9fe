"""The places a text names (find_mentions), and the role each plays. Matching follows general
rules of Vietnamese news writing:

* district names count only with a district prefix ("huyện Hải Hà", "TP. Móng Cái"), in a list
  that follows one, in parentheses after a commune ("xã Sủng Là (Đồng Văn)") or as the subject
  of a title line ("Hải Hà: ..."): bare, they collide with communes and people's names;
* a name shared by a province and a district is the district when a district prefix says so
  ("huyện Quảng Ninh" is in Quảng Bình, "thành phố Bắc Kạn" is the city);
* names that follow a destination phrase ("đi làm việc tại", "tại các tỉnh", "so với") are
  other places, not the article's province.

Phrases live in rules/place_context.csv. All text is compared in the normalised form of
`vnlabour.text.normalise` (NFC, new-style tones).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from vnlabour.patterns import canon, trie_regex, word_start_trie
from vnlabour.places.gazetteer import _PROVINCE_WORD, _catalog, _spaced
from vnlabour.tables import read_table

if TYPE_CHECKING:
    from vnlabour.places.gazetteer import _Catalog
# A destination phrase governs place names up to this many characters after it.
DESTINATION_WINDOW = 60


@dataclass(frozen=True)
class Mention:
    """A place named in a text: where, what, and in what role."""

    start: int  # span in the text (includes the prefix when there is one)
    end: int
    kind: str  # "province" | "district"
    name: str  # canonical short name (province name, or district short name)
    province: str  # province the place belongs to ("" for a district of ambiguous name)
    prefix: str  # the prefix as written ("tỉnh", "huyện", "thành phố"), "" for bare
    destination: bool  # named as a destination or another place


@dataclass(frozen=True)
class _Name:
    """What a spelling in the text can denote."""

    province: str = ""  # the province it names ("" if none)
    district: str = ""  # the district it names ("" if none)
    district_provinces: tuple[str, ...] = ()  # provinces that have that district
    own_prefix: str = ""  # a prefix spelt into the name: "Quận 1", "TP.HCM"
    ignore: bool = False  # a not_place proper noun


@dataclass(frozen=True)
class _Matcher:
    """Compiled patterns and the spelling index used by find_mentions."""

    places: re.Pattern
    names: dict[str, _Name]
    prefix: re.Pattern  # a prefix ending where a name starts
    prefix_reach: int  # how far back from a name a prefix can start
    prefix_roles: dict[str, frozenset[str]]
    destination: re.Pattern
    adjacent: re.Pattern
    commune: re.Pattern
    district_scope: re.Pattern  # "toàn huyện": refers back to a named district
    province_scope: re.Pattern  # "toàn tỉnh"
    province_reference: re.Pattern  # "của tỉnh"
    era: re.Pattern  # "(cũ)", "(mới)" right after a province name


_LIST_SEP = re.compile(r"\s*,\s*(?:(?:và|hoặc)\s+)?|\s+(?:và|hoặc)\s+")
_CLAUSE_END = re.compile(r"[!?;\n]|[.,](?!\d)")
_DISTRICT_THEN_PROVINCE = re.compile(r"\s*[,(]\s*")


def _phrases(kind: str) -> list[str]:
    """Phrases of one kind from place_context.csv."""
    return [r["phrase"] for r in read_table("place_context") if r["kind"] == kind]


def _phrase_regex(phrases: list[str]) -> str:
    """Case-insensitive trie of `phrases` (longest first), not inside a word; a phrase ending
    in '.' may be followed by a letter ("TP.HCM")."""
    trie = trie_regex({p.lower() for p in phrases})
    return rf"(?<!\w)(?i:{trie})(?:(?<=\.)|(?!\w))"


def _name_index(cat: _Catalog) -> dict[str, _Name]:
    """Every spelling to look for -> what it denotes (provinces, aliases, districts)."""
    index: dict[str, dict] = defaultdict(dict)
    for p in cat.provinces:
        for spelling in (p.name, *cat.aliases[p.name]):
            entry = index[canon(spelling)]
            entry["province"] = p.name
            embedded = _PROVINCE_WORD.match(_spaced(spelling))
            if embedded:  # "TP.HCM", "Thành phố Hồ Chí Minh"
                entry["own_prefix"] = spelling[:embedded.end()].strip()
    for district, provs in cat.district_provinces.items():
        spellings = [district]
        kind = cat.district_types[(provs[0], district)]
        if district.lower().startswith(kind + " "):  # "Quận 1" is also written "quận 1"
            spellings.append(kind + district[len(kind):])
        for spelling in spellings:
            entry = index[canon(spelling)]
            entry.update(district=district, district_provinces=provs)
            if spelling.lower().startswith(kind + " "):
                entry["own_prefix"] = spelling[:len(kind)]
    for phrase in _phrases("not_place"):
        index[canon(phrase)] = {"ignore": True}
    # headers of official documents are in capitals: "UBND TỈNH HÀ TĨNH" (provinces only: the
    # trie of every district in capitals too would cost each process ~50 ms to compile)
    index.update({spelling.upper(): entry for spelling, entry in list(index.items())
                  if entry.get("province") and spelling.upper() not in index})
    return {spelling: _Name(**entry) for spelling, entry in index.items()}


@lru_cache(maxsize=None)
def _matcher() -> _Matcher:
    """Build the place regex (one alternation of all names, as a trie) and context patterns.

    Prefixes are looked for backwards from each name found rather than as part of the place
    regex: an optional case-insensitive alternation tried at every position is ~20x slower.
    """
    names = _name_index(_catalog())
    descriptors = _phrases("district_descriptor")
    roles: dict[str, set[str]] = defaultdict(set)
    for kind in ("province", "district"):
        for phrase in _phrases(f"{kind}_prefix"):
            roles[phrase.lower()].add(kind)
    return _Matcher(
        places=re.compile(rf"{word_start_trie(set(names))}(?!\w)"), names=names,
        prefix=re.compile(rf"(?P<prefix>{_phrase_regex(list(roles))})"
                          rf"(?:\s+{_phrase_regex(descriptors)})?(?:\s*:\s*|\s+|(?<=\.))\Z"),
        prefix_reach=max(map(len, roles)) + max(map(len, descriptors)) + 6,
        prefix_roles={p: frozenset(r) for p, r in roles.items()},
        destination=re.compile(_phrase_regex(_phrases("destination"))),
        adjacent=re.compile(_phrase_regex(_phrases("destination_adjacent")) + r"\s*$"),
        commune=re.compile(_phrase_regex(_phrases("commune_prefix"))
                           + r"\s+(?:[^\W\d_][\w']*\s+){0,3}[^\W\d_][\w']*\s*\($"),
        district_scope=re.compile(_phrase_regex(_phrases("district_scope"))),
        province_scope=re.compile(_phrase_regex(_phrases("province_scope"))),
        province_reference=re.compile(_phrase_regex(_phrases("province_reference"))),
        era=re.compile(rf"[ \t]*(?P<open>\()?[ \t]*"
                       rf"(?:(?P<former>{_phrase_regex(_phrases('former'))})"
                       rf"|(?P<merged>{_phrase_regex(_phrases('merged'))}))"))


@dataclass
class _Draft:
    """A mention being built; district provinces narrow as a list goes on."""

    start: int
    name_start: int
    end: int
    kind: str
    name: str
    prefix: str
    candidates: tuple[str, ...]  # provinces the place may belong to
    listed: bool = False  # a bare district continuing a list of districts
    destination: bool = False

    def freeze(self) -> Mention:
        """The final Mention: a district's province only when one candidate is left."""
        province = self.candidates[0] if len(self.candidates) == 1 else ""
        return Mention(self.start, self.end, self.kind, self.name, province, self.prefix,
                       self.destination)


@dataclass
class _State:
    """What find_mentions remembers between matches: the district list and the last mention."""

    chain: list[_Draft] = field(default_factory=list)
    last: _Draft | None = None
    districts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # named with a prefix


def _classify(match: re.Match, text: str, m: _Matcher, state: _State) -> _Draft | None:
    """The mention a regex match stands for in its context, or None when it is not one."""
    name = m.names[canon(match.group())]
    if name.ignore:
        return None
    name_start, end = match.span()
    before = m.prefix.search(text, max(0, name_start - m.prefix_reach), name_start)
    written = before.group("prefix") if before else ""
    start = before.start() if before else name_start
    roles = m.prefix_roles.get(" ".join(written.lower().split()), frozenset())
    cat = _catalog()
    if name.own_prefix:
        kind, candidates = (("province", (name.province,)) if name.province
                            else ("district", name.district_provinces))
        return _Draft(name_start, name_start, end, kind, name.province or name.district,
                      name.own_prefix, candidates)
    central = "province" in roles and name.province in cat.cities
    if name.district and "district" in roles and not central:
        return _Draft(start, name_start, end, "district", name.district, written,
                      name.district_provinces)
    if name.province and "province" in roles:
        return _Draft(start, name_start, end, "province", name.province, written,
                      (name.province,))
    if name.district and not name.province and _bare_district_allowed(text, name_start, end, m):
        return _Draft(name_start, name_start, end, "district", name.district, "",
                      name.district_provinces)
    listed = _continues_list(text, name_start, state, name)
    if listed:
        return _Draft(name_start, name_start, end, "district", name.district, "", listed,
                      listed=True)
    if name.district in state.districts:   # "huyện Quảng Ninh … Quảng Ninh có 500 hộ nghèo"
        return _Draft(name_start, name_start, end, "district", name.district, "",
                      state.districts[name.district])
    if name.province:
        return _Draft(name_start, name_start, end, "province", name.province, "",
                      (name.province,))
    return None


# an item of a list of places and figures: "…, gồm: Ninh Sơn 2.638 hộ, Thuận Bắc 2.456 hộ"
_ITEM_BEFORE = re.compile(r"(?:[:,;]|\svà|\sgồm)[ \t]*\Z")
_FIGURE_AFTER = re.compile(r"[ \t]+(?:(?:là|có|với)[ \t]+)?\d")


def _bare_district_allowed(text: str, start: int, end: int, m: _Matcher) -> bool:
    """A bare district name counts as the subject of a title line ("Hải Hà: ..."), in
    parentheses after a commune ("xã Sủng Là (Đồng Văn)"), or as an item of a list of places
    with their figures ("Xếp hạng theo tỷ lệ hộ nghèo: Tây Giang 38,07%, Nam Trà My 37,37%")."""
    if (start == 0 or text[start - 1] == "\n") and text[end:end + 3].lstrip(" ").startswith(":"):
        return True
    if _ITEM_BEFORE.search(text, max(0, start - 6), start) and _FIGURE_AFTER.match(text, end):
        return True
    return start > 0 and text[start - 1] == "(" and bool(
        m.commune.search(text, max(0, start - 60), start))


def _continues_list(text: str, start: int, state: _State, name: _Name) -> tuple[str, ...]:
    """Provinces left for a bare name that continues a list of districts ("các huyện Xín Mần,
    Mèo Vạc và ..."): it must be a district of the list's province(s), and not that province
    itself ("(Đồng Văn, Hà Giang)" names the province). Empty when the list stops here."""
    if not state.chain or not name.district:
        return ()
    if not _LIST_SEP.fullmatch(text, state.chain[-1].end, start):
        return ()
    provinces = state.chain[-1].candidates
    if name.province in provinces:
        return ()
    return tuple(p for p in provinces if p in name.district_provinces)


def _is_destination(text: str, draft: _Draft, state: _State, m: _Matcher) -> bool:
    """Whether a destination phrase governs the mention: right before it (adjacent kind), in
    the same clause within DESTINATION_WINDOW characters with no other place named in between,
    or via the list of places it continues."""
    last = state.last
    if last is not None and last.destination and _LIST_SEP.fullmatch(text, last.end, draft.start):
        return True
    lo = max(0, draft.start - DESTINATION_WINDOW - 40)
    if m.adjacent.search(text, lo, draft.start):
        return True
    phrase = None
    for phrase in m.destination.finditer(text, lo, draft.name_start):  # noqa: B007 - the last
        pass
    if phrase is None or (last is not None and last.end > phrase.end()):
        return False
    gap_end = max(phrase.end(), draft.start)
    return gap_end - phrase.end() <= DESTINATION_WINDOW and not _CLAUSE_END.search(
        text, phrase.end(), gap_end)


def _update(state: _State, draft: _Draft, text: str) -> None:
    """Carry the district list on with `draft`, remember the districts named with a prefix
    (a bare name shared with a province then follows how the text used it: "huyện Quảng Ninh
    … Quảng Ninh có 500 hộ nghèo" is the district), and let a province named right after a
    district of ambiguous name ("huyện Châu Thành, tỉnh Hậu Giang", "Châu Thành (Hậu Giang)")
    pick its province."""
    if draft.kind == "district":
        if draft.prefix:
            state.districts[draft.name] = draft.candidates
        if draft.listed:
            state.chain.append(draft)
            for item in state.chain:
                item.candidates = draft.candidates
        else:
            state.chain = [draft]
    else:
        last = state.last
        if (last is not None and last.kind == "district"
                and draft.name in last.candidates and len(last.candidates) > 1
                and _DISTRICT_THEN_PROVINCE.fullmatch(text, last.end, draft.start)):
            last.candidates = (draft.name,)
        state.chain = []
    state.last = draft


def find_mentions(text: str) -> list[Mention]:
    """Provinces and districts named in `text` (normalised with vnlabour.text.normalise), in
    order, with their role; see the module docstring for the rules."""
    m = _matcher()
    state = _State()
    drafts: list[_Draft] = []
    for match in m.places.finditer(text):
        draft = _classify(match, text, m, state)
        if draft is not None:
            draft.destination = _is_destination(text, draft, state, m)
            _update(state, draft, text)
            drafts.append(draft)
    return [d.freeze() for d in drafts]


# What may stand before a bare province name that is the subject of its sentence or line:
# "Đắk Lắk: …", "… . Đắk Lắk giải quyết …", "Năm 2024, Đắk Lắk đã …".
_SUBJECT_BEFORE = re.compile(r"(?:\A|\n|[.!?]\s+|\d{4},\s+)\Z")
# The place-and-date line of an official document: "Hà Tĩnh, ngày 20 tháng 12 năm 2024".
_PLACE_DATE = re.compile(r",\s*ngày\s+\d")


@lru_cache(maxsize=1)
def _commune_name() -> re.Pattern:
    """A commune word followed by a capitalised name ("xã Trà Bui", "phường Hải Châu")."""
    return re.compile(_phrase_regex(_phrases("commune_prefix")) + r"\s+(?=[^\W\d_])")


def commune_starts(text: str) -> list[int]:
    """Where communes are named in `text` (rules/place_context.csv commune_prefix followed by
    a capitalised name; "các xã", "50 xã" name none)."""
    return [m.start() for m in _commune_name().finditer(text) if text[m.end()].isupper()]


def _is_subject(text: str, m: Mention) -> bool:
    """A bare province name that opens its line or sentence (or follows "Năm 2024, ") and is
    followed by ':' or a lowercase word: the subject of what is said, stronger evidence than
    a name in passing (a signature line, a name alone, is no subject). The place of an
    official document's place-and-date line counts the same."""
    return bool(_SUBJECT_BEFORE.search(text, max(0, m.start - 8), m.start)) and (
        _said_of(text, m, ":") or bool(_PLACE_DATE.match(text, m.end)))


def _said_of(text: str, m: Mention, also: str = "") -> bool:
    """Whether a lowercase word (or a character of `also`) follows the mention: something is
    said of the place, it is no name alone."""
    after = text[m.end:m.end + 3].lstrip(" ")
    return bool(after) and (after[0].islower() or after[0] in also)


_CLAUSE_START = re.compile(r"(?:\A|\n|[.!?;,]\s+)\Z")
_PHRASE_END = re.compile(r"\s*(?:[^\w\s]|\Z)")


_OWNER_BEFORE = re.compile(r"(?<!\w)(?:của|ở|tại)\s\Z", re.I)


def opens_clause(text: str, m: Mention) -> bool:
    """A bare province name that opens its clause, or owns what is said before it ("Tỷ lệ hộ
    nghèo của Hà Tĩnh giảm …", "tại Hà Tĩnh"), and is followed by a lowercase word: what the
    clause is about ("Trong khi đó, Đồng Nai năm 2024 có …")."""
    return _said_of(text, m) and (
        bool(_CLAUSE_START.search(text, max(0, m.start - 3), m.start))
        or bool(_OWNER_BEFORE.search(text, max(0, m.start - 5), m.start)))


def era_marker(text: str, pos: int) -> str:
    """"former" when the words at pos mark a province as it was before the 2025-07-01 merger
    ("(cũ)", "trước sáp nhập"), "merged" when they mark the merged province ("(mới)"), else
    "" (rules/place_context.csv)."""
    m = _matcher().era.match(text, pos)
    if m is None:
        return ""
    phrase = m.group("former") or m.group("merged")
    if not m.group("open") and " " not in phrase and not _PHRASE_END.match(text, m.end()):
        return ""   # a bare one-word marker must end its phrase: "mới đây" is "recently"
    return "former" if m.group("former") else "merged"
