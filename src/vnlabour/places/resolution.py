"""The province a document is about (resolve_document): evidence from its newspaper's domain
or dateline (rules/newspapers.csv), a provincial portal's address, and the places it names,
weighed; and the district it centres on.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from vnlabour.places.gazetteer import _catalog, lookup_province
from vnlabour.places.mentions import _is_subject, _matcher, find_mentions
from vnlabour.tables import read_table

if TYPE_CHECKING:
    from vnlabour.places.gazetteer import Province
    from vnlabour.places.mentions import Mention
# Evidence weights for resolve_document (see its docstring).
WEIGHTS = {"explicit": 3.0, "district": 2.0, "subject": 2.0, "bare": 1.0, "domain": 4.0,
           "dateline": 3.0}
MIN_SCORE = 2.0
MIN_LEAD = 1.5  # the best province must score at least this many times the runner-up
DATELINE_SPAN = 2000  # a dateline is looked for at line starts in the first characters only


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
