"""Places: the 63 pre-2025 provinces (34 after 2025-07-01), their districts, provincial
newspapers, the place names an article mentions, and the province it is about.

The data lives in rule tables (rules/provinces.csv, districts.csv, newspapers.csv,
place_context.csv) so a researcher can add an alias, a newspaper or a context phrase without
touching this code. Matching follows general rules of Vietnamese news writing:

* district names count only with a district prefix ("huyện Hải Hà", "TP. Móng Cái"), in a list
  that follows one, in parentheses after a commune ("xã Sủng Là (Đồng Văn)") or as the subject
  of a title line ("Hải Hà: ..."): bare, they collide with communes and people's names;
* a name shared by a province and a district is the district when a district prefix says so
  ("huyện Quảng Ninh" is in Quảng Bình, "thành phố Bắc Kạn" is the city);
* names that follow a destination phrase ("đi làm việc tại", "tại các tỉnh", "so với") are
  other places, not the article's province.

All text is compared in the normalised form of `vnlabour.text.normalise` (NFC, new-style tones).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from vnlabour.patterns import canon, trie_regex, word_start_trie
from vnlabour.tables import read_table
from vnlabour.text import normalise

# A destination phrase governs place names up to this many characters after it.
DESTINATION_WINDOW = 60
# Evidence weights for resolve_document (see its docstring).
WEIGHTS = {"explicit": 3.0, "district": 2.0, "subject": 2.0, "bare": 1.0, "domain": 4.0,
           "dateline": 3.0}
MIN_SCORE = 2.0
MIN_LEAD = 1.5  # the best province must score at least this many times the runner-up
DATELINE_SPAN = 2000  # a dateline is looked for at line starts in the first characters only


# ---------------------------------------------------------------------------------------------
# Provinces and districts


@dataclass(frozen=True)
class Province:
    """A pre-2025 province and the 2025 province it became part of."""

    name: str
    code: str
    name_2025: str
    code_2025: str


class UnknownProvince(ValueError):
    """A province name that matches none of the 63 (or 34) provinces, with a suggestion."""


@dataclass(frozen=True)
class _Catalog:
    """Provinces and districts indexed for lookups (built once from the rule tables)."""

    provinces: tuple[Province, ...]
    by_name: dict[str, Province]
    by_key: dict[str, Province]  # _key(name or alias) -> province
    cities: frozenset[str]  # centrally-run cities: "thành phố X" is the province
    aliases: dict[str, tuple[str, ...]]  # province name -> its aliases
    district_provinces: dict[str, tuple[str, ...]]  # district name -> provinces having one
    district_lower: dict[str, str]  # lower-case name -> district name
    district_keys: dict[str, tuple[str, ...]]  # _key(name, None) -> district names
    district_types: dict[tuple[str, str], str]  # (province, district) -> huyện/quận/...


def _ascii(text: str) -> str:
    """`text` without diacritics ("Đắk Lắk" -> "Dak Lak"), for tolerant comparisons."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


# Prefix words, matched on the lower-case diacritic-free form ("tp.hcm", "huyen hai ha").
_PROVINCE_WORD = re.compile(r"^(?:tinh\s+|thanh\s+pho\s+|t\.?\s?p\.?\s*)")
_DISTRICT_WORD = re.compile(r"^(?:(?:huyen|quan|thi\s+xa|thanh\s+pho)\s+|t\.?\s?[px]\.?\s*)")


def _spaced(name: str) -> str:
    """Lower-case, diacritic-free, single-spaced form: the basis of keys and suggestions."""
    return " ".join(_ascii(normalise(name)).lower().split())


def _key(name: str, prefix: re.Pattern | None = _PROVINCE_WORD) -> str:
    """Comparison key without the `prefix` word, case, diacritics, spaces or punctuation
    ("TP.HCM" -> "hcm", "Khánh Hoà" -> "khanhhoa")."""
    spaced = _spaced(name)
    return re.sub(r"[^a-z0-9]", "", prefix.sub("", spaced) if prefix else spaced)


def _group_by_key(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Diacritic-free key -> the names that share it ("Phú Mỹ" and "Phù Mỹ" do)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[_key(name, None)].append(name)
    return {k: tuple(v) for k, v in groups.items()}


@lru_cache(maxsize=None)
def _catalog() -> _Catalog:
    """Read provinces.csv and districts.csv into lookup tables."""
    rows = sorted(read_table("provinces"), key=lambda r: r["code"])
    provinces = tuple(Province(r["name"], r["code"], r["name_2025"], r["code_2025"])
                      for r in rows)
    aliases = {r["name"]: tuple(a.strip() for a in r["aliases"].split("|") if a.strip())
               for r in rows}
    by_key = {}
    for p in provinces:
        for spelling in (p.name, *aliases[p.name]):
            by_key[_key(spelling)] = p
    district_provinces: dict[str, list[str]] = defaultdict(list)
    district_types = {}
    for r in read_table("districts"):
        if r["province"] not in district_provinces[r["district"]]:
            district_provinces[r["district"]].append(r["province"])
        district_types.setdefault((r["province"], r["district"]), r["type"])
    return _Catalog(
        provinces=provinces, by_name={p.name: p for p in provinces}, by_key=by_key,
        cities=frozenset(r["name"] for r in rows if r["type"] == "thành phố"), aliases=aliases,
        district_provinces={d: tuple(ps) for d, ps in district_provinces.items()},
        district_lower={d.lower(): d for d in district_provinces},
        district_keys=_group_by_key(district_provinces),
        district_types=district_types)


def provinces() -> list[Province]:
    """The 63 pre-2025 provinces, ordered by official code."""
    return list(_catalog().provinces)


def provinces_2025() -> dict[str, list[Province]]:
    """Each of the 34 provinces from 2025-07-01 (ordered by code) -> the legacy ones it covers."""
    merged: dict[str, list[Province]] = {}
    for p in sorted(_catalog().provinces, key=lambda p: (p.code_2025, p.code)):
        merged.setdefault(p.name_2025, []).append(p)
    return merged


MERGER_DATE = "2025-07-01"   # 63 provinces became 34


def merged_name(province: Province, published: str) -> bool:
    """Whether, in a text published on `published` (ISO date), the province's name names the
    merged 2025 province rather than the one before: after the merger, "tỉnh Ninh Bình" is
    Hà Nam, Nam Định and Ninh Bình together (a province whose name was dropped, or one that
    was not merged, is itself)."""
    return published >= MERGER_DATE and province.name == province.name_2025 \
        and len(provinces_2025()[province.name_2025]) > 1


def lookup_province(name: str) -> Province | None:
    """The legacy province called `name`, tolerating a prefix ("tỉnh ", "TP. "), case, NFD or
    old-style tone marks, missing diacritics ("ha giang") and aliases ("TP.HCM", "Huế")."""
    if not name or not name.strip():
        return None
    return _catalog().by_key.get(_key(name))


def _suggestion(name: str) -> str:
    """The province (legacy or 2025) name closest to `name` without diacritics, or ''."""
    cat = _catalog()
    spellings = {_spaced(p.name): p.name for p in cat.provinces}
    spellings.update({_spaced(p.name_2025): p.name_2025 for p in cat.provinces})
    spellings.update({_spaced(a): p for p, names in cat.aliases.items() for a in names})
    close = difflib.get_close_matches(_spaced(name), list(spellings), n=1, cutoff=0.6)
    return spellings[close[0]] if close else ""


def _unknown(name: str) -> UnknownProvince:
    """The error for an unknown province name, with a 'did you mean' when one is close."""
    guess = _suggestion(name)
    hint = f"; did you mean '{guess}'?" if guess else ""
    return UnknownProvince(f"unknown province '{name}'{hint}")


def resolve_report_province(name: str) -> tuple[str, list[Province]]:
    """(display name, legacy provinces covered) for a report on `name`.

    A name of one of the 34 provinces from 2025-07-01 covers all the legacy provinces merged
    into it ("Tuyên Quang" -> Hà Giang and Tuyên Quang), also when spelt as an alias of its
    namesake ("TP.HCM"); any other legacy name ("Hà Giang", "Thừa Thiên Huế") covers itself.
    Raises UnknownProvince with a suggestion otherwise.
    """
    merged = provinces_2025()
    by_key_2025 = {_key(new): new for new in merged}
    new = by_key_2025.get(_key(name)) if name and name.strip() else None
    legacy = lookup_province(name)
    if new is None and legacy is not None and legacy.name == legacy.name_2025:
        new = legacy.name_2025
    if new is not None:
        return new, merged[new]
    if legacy is not None:
        return legacy.name, [legacy]
    raise _unknown(name)


def district_province(district: str, province_hint: str | None = None) -> Province | None:
    """The province of a district given by its short name ("Hải Hà" -> Quảng Ninh).

    Several provinces have a district of the same name ("Châu Thành"): then `province_hint`
    (any spelling lookup_province accepts) picks one, and without it the answer is None.
    """
    cat = _catalog()
    candidates = _district_candidates(district or "")
    if len(candidates) > 1:
        hint = lookup_province(province_hint or "")
        return hint if hint is not None and hint.name in candidates else None
    return cat.by_name[candidates[0]] if candidates else None


def _district_candidates(district: str) -> tuple[str, ...]:
    """Provinces that may have the district `district`, written with or without a prefix,
    in any case, with or without diacritics (exact spelling first: "Phú Mỹ" is not "Phù Mỹ";
    the name as given before the name without prefix: "Quan Sơn" and "Quận 1" start with a
    word that is also a prefix)."""
    cat = _catalog()
    given = " ".join(normalise(district).split())
    prefix = _DISTRICT_WORD.match(_ascii(given).lower())
    forms = (given, given[prefix.end():]) if prefix else (given,)
    for form in forms:
        if form.lower() in cat.district_lower:
            return cat.district_provinces[cat.district_lower[form.lower()]]
    for form in forms:
        names = cat.district_keys.get(_key(form, None), ())
        if names:
            return tuple(dict.fromkeys(p for n in names for p in cat.district_provinces[n]))
    return ()


def slug(name: str) -> str:
    """File-name-safe slug: "Hà Giang" -> "ha-giang"; only [a-z0-9-], never empty."""
    text = re.sub(r"[^a-z0-9]+", "-", _ascii(normalise(name or "")).lower()).strip("-")
    return text or "unknown"


# ---------------------------------------------------------------------------------------------
# Mentions of places in a text


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
        era=re.compile(rf"[ \t]*(?P<open>\()?[ \t]*(?:(?P<former>{_phrase_regex(_phrases('former'))})"
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
    for phrase in m.destination.finditer(text, lo, draft.name_start):
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


# ---------------------------------------------------------------------------------------------
# The province a document is about


@dataclass(frozen=True)
class Resolution:
    """The province a document is about, how it was found, and the district it centres on."""

    province: str  # "" when unresolved
    source: str  # "catalog" | "domain" | "text" | "district" | "unresolved"
    locality: str  # the district the document is mainly about, "" if the whole province
    evidence: str  # short human-readable summary, e.g. "tỉnh Hậu Giang ×3; huyện Vị Thủy ×1"


@dataclass(frozen=True)
class _Evidence:
    """One piece of evidence for a province: its kind (the Resolution source), label, weight."""

    province: str
    source: str
    label: str
    points: float


@dataclass(frozen=True)
class _Newspapers:
    """Provincial newspapers: domain -> province, and a dateline pattern."""

    domains: dict[str, str]
    abbreviations: dict[str, str]
    dateline: re.Pattern


@lru_cache(maxsize=None)
def _newspapers() -> _Newspapers:
    """Read newspapers.csv; datelines are an abbreviation ("BHG - ", "(BHG) -") or the
    domain itself ("(Baonghean.vn) - ") at the start of a line."""
    rows = read_table("newspapers")
    domains = {r["domain"].lower(): r["province"] for r in rows if r["domain"]}
    abbreviations = {r["abbreviation"]: r["province"] for r in rows if r["abbreviation"]}
    names = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    hosts = "|".join(re.escape(d) for d in sorted(domains, key=len, reverse=True))
    dateline = re.compile(rf"^[ \t]*\(?[ \t]*(?:(?P<abbr>{names})|(?P<domain>(?i:{hosts})))"
                          rf"[ \t]*\)?[ \t]*[-–—]", re.M)
    return _Newspapers(domains, abbreviations, dateline)


def _newspaper_domain(url: str, domains: dict[str, str]) -> str:
    """The newspaper domain `url` is on (its host or a parent of it: "m.baohatinh.vn"), or ''."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    parts = host.lower().split(".")
    return next((".".join(parts[i:]) for i in range(len(parts) - 1)
                 if ".".join(parts[i:]) in domains), "")


# hosts whose labels name a province: a provincial government portal ("langson.gov.vn",
# "giamngheo.backan.gov.vn") or a provincial TV site ("kontumtv.vn")
_PORTAL = re.compile(r"(?P<labels>(?:[a-z0-9-]+\.)+)gov\.vn")
_TV = re.compile(r"(?:[a-z0-9-]+\.)*(?P<label>[a-z0-9]+)tv\.(?:vn|com\.vn)")


def portal_province(url: str) -> Province | None:
    """The province whose name is a label of `url`'s host on a government portal or provincial
    TV site, compared on the diacritic-free form of the province names and aliases."""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "") if url else ""
    by_key = _catalog().by_key
    portal = _PORTAL.fullmatch(host)
    if portal:
        labels = portal["labels"].rstrip(".").split(".")
        return next((by_key[k] for k in reversed(labels) if k in by_key), None)
    tv = _TV.fullmatch(host)
    return by_key.get(tv["label"]) if tv else None


def _newspaper_evidence(text: str, url: str) -> list[_Evidence]:
    """Evidence from the URL's host (a provincial newspaper, government portal or TV site)
    and from a dateline."""
    papers = _newspapers()
    found = []
    domain = _newspaper_domain(url, papers.domains)
    portal = portal_province(url) if not domain else None
    if domain:
        found.append(_Evidence(papers.domains[domain], "domain", f"domain {domain}",
                               WEIGHTS["domain"]))
    elif portal is not None:
        host = urlsplit(url if "//" in url else "//" + url).hostname
        found.append(_Evidence(portal.name, "domain", f"site {host}", WEIGHTS["domain"]))
    match = papers.dateline.search(text, 0, DATELINE_SPAN)
    if match:
        sign = match.group("abbr") or match.group("domain")
        province = (papers.abbreviations[sign] if match.group("abbr")
                    else papers.domains[sign.lower()])
        found.append(_Evidence(province, "domain", f"dateline {sign}", WEIGHTS["dateline"]))
    return found


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


def _mention_evidence(mentions: list[Mention], text: str) -> list[_Evidence]:
    """Evidence from place names (found in `text`); destinations and districts of ambiguous
    name count nothing."""
    cat = _catalog()
    found = []
    for m in mentions:
        if m.destination or not m.province:
            continue
        if m.kind == "district":
            kind = cat.district_types.get((m.province, m.name), "huyện")
            found.append(_Evidence(m.province, "district", f"{kind} {m.name}",
                                   WEIGHTS["district"]))
        elif m.prefix:
            kind = "thành phố" if m.name in cat.cities else "tỉnh"
            found.append(_Evidence(m.province, "text", f"{kind} {m.name}", WEIGHTS["explicit"]))
        elif _is_subject(text, m):
            found.append(_Evidence(m.province, "text", f"{m.name} (subject)", WEIGHTS["subject"]))
        else:
            found.append(_Evidence(m.province, "text", m.name, WEIGHTS["bare"]))
    return found


def _summary(evidence: list[_Evidence]) -> str:
    """'label ×n; ...', strongest kind of evidence first, then in order of appearance."""
    counts = Counter(e.label for e in evidence)
    points = {e.label: e.points for e in evidence}
    ordered = sorted(counts, key=lambda label: -points[label])  # stable: first seen first
    return "; ".join(f"{label} ×{counts[label]}" for label in ordered)


def _choose(evidence: list[_Evidence]) -> tuple[str, str, str]:
    """(province, source, evidence summary) from weighted evidence: the best province must
    score at least MIN_SCORE and MIN_LEAD times the runner-up, else it is unresolved. The
    source is the kind of evidence that gave the winner most points (ties: text, district,
    domain)."""
    scores: Counter[str] = Counter()
    for e in evidence:
        scores[e.province] += e.points
    if not scores:
        return "", "unresolved", "no place named"
    ranked = scores.most_common()
    best, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < MIN_SCORE or top < MIN_LEAD * runner_up:
        shown = ", ".join(f"{p} {s:g}" for p, s in ranked[:3])
        return "", "unresolved", f"unclear: {shown}"
    own = [e for e in evidence if e.province == best]
    by_source: Counter[str] = Counter()
    for e in own:
        by_source[e.source] += e.points
    source = max(("text", "district", "domain"), key=lambda s: by_source[s])
    return best, source, _summary(own)


def _locality(province: str, mentions: list[Mention], title_mentions: list[Mention],
              text: str) -> str:
    """The district of `province` the document is about: one named in the title, else the one
    named (with a prefix or in a list, not as a destination) at least twice, more often than
    any other and than the text speaks of the whole province ("toàn tỉnh", "của tỉnh"), else
    the only one named when the text refers back to it ("toàn huyện") more often than to the
    whole province. "" when none is."""
    cat = _catalog()

    def own(m: Mention) -> bool:
        return (m.kind == "district" and not m.destination
                and province in ((m.province,) if m.province
                                 else cat.district_provinces[m.name]))

    for m in title_mentions:
        if own(m):
            return m.name
    ranked = Counter(m.name for m in mentions if own(m)).most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]) \
            and ranked[0][1] > _whole_province_references(text):
        return ranked[0][0]
    if len(ranked) == 1 and _refers_back(text, cat.district_types.get((province, ranked[0][0]),
                                                                      "huyện")):
        return ranked[0][0]
    return ""


def _whole_province_references(text: str) -> int:
    """How often the text speaks of the whole province ("toàn tỉnh", "của tỉnh")."""
    m = _matcher()
    return len(m.province_scope.findall(text)) + len(m.province_reference.findall(text))


def _refers_back(text: str, district_type: str) -> bool:
    """True when the text refers back to a district of this type ("toàn huyện", "huyện đã")
    more often than it speaks of the whole province ("toàn tỉnh")."""
    m = _matcher()

    def names_type(phrase: str) -> bool:
        return f" {district_type} " in f" {' '.join(phrase.lower().split())} "

    back = sum(names_type(x.group()) for x in m.district_scope.finditer(text))
    whole = sum(not names_type(x.group()) for x in m.province_scope.finditer(text))
    return back > whole


def resolve_document(text: str, title: str = "", url: str = "",
                     catalog_province: str = "",
                     mentions: list[Mention] | None = None) -> Resolution:
    """The province a document is about, weighing the evidence.

    A catalog province that lookup_province knows wins outright. Otherwise each province
    scores: explicit "tỉnh X"/"UBND tỉnh X" 3 each, a prefixed or listed district of X 2, a
    bare "X" 1, the URL of X's provincial newspaper 4, its dateline ("BHG - ") 3; destinations
    count nothing. `source` names the kind of evidence that contributed most. The title is
    scored too unless it is part of the text already. `mentions` are find_mentions(text) when
    the caller has them already.
    """
    mentions = find_mentions(text) if mentions is None else mentions
    title_mentions = find_mentions(title) if title else []
    catalog = lookup_province(catalog_province)
    if catalog is not None:
        province, source, evidence = catalog.name, "catalog", f"catalog {catalog.name}"
    else:
        scored = _mention_evidence(mentions, text) + (
            _mention_evidence(title_mentions, title) if title and title not in text else [])
        province, source, evidence = _choose(_newspaper_evidence(text, url) + scored)
        if catalog_province:
            evidence = f"catalog province '{catalog_province}' unknown; {evidence}"
        elsewhere = list(dict.fromkeys(m.name for m in mentions if m.destination))
        if elsewhere:
            evidence += "; not counted (destination): " + ", ".join(elsewhere)
    return Resolution(province, source, _locality(province, mentions, title_mentions, text),
                      evidence)
