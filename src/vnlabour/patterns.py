"""Regular expressions built from phrase tables: one trie-shaped pattern per table, so that a
text is scanned once however many phrases a researcher adds (an alternation of plain phrases
is tried phrase by phrase at every position; a trie shares their prefixes)."""
from __future__ import annotations

import re

_DASH = re.compile(r"\s*[-–—]\s*")


def canon(spelling: str) -> str:
    """One form for the variants a regex branch accepts (dashes, apostrophes)."""
    return _DASH.sub(" - ", spelling.replace("’", "'"))


def _fragment(token: str) -> str:
    """Regex for one token of a phrase: dashes and apostrophes match their typographic variants."""
    if token == " - ":
        return r"\s*[-–—]\s*"
    if token == "'":
        return "['’]"
    return re.escape(token)


def trie_regex(spellings) -> str:
    """A regex matching any of `spellings`, factored as a trie, longest match first."""
    trie: dict = {}
    for spelling in spellings:
        node = trie
        for token in re.findall(r" - |.", spelling, flags=re.S):
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [_fragment(tok) + emit(child) for tok, child in sorted(node.items()) if tok]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (body if len(branches) > 1 else f"(?:{body})") + "?"
        return body

    return emit(trie)


def _by_first(spellings) -> dict[str, set[str]]:
    """Spellings grouped by their first character: {first: {rest of each spelling}}."""
    groups: dict[str, set[str]] = {}
    for spelling in spellings:
        groups.setdefault(spelling[0], set()).add(spelling[1:])
    return groups


# A pattern must start with a character (class) for the regex engine to skip fast to the
# places where it may match; a leading (?<!\w) makes it try every position (~1.5x slower). So
# each phrase's first character comes first and the word-start check right after it: (?<!\w.)
# there says that the character before the phrase is no letter or digit.
_WORD_START = r"(?<!\w.)"


def word_start_trie(spellings) -> str:
    """Regex matching any of `spellings` (a trie, longest first) where a word starts."""
    return "(?:" + "|".join(_fragment(first) + _WORD_START + f"(?:{trie_regex(rests)})"
                            for first, rests in sorted(_by_first(spellings).items())) + ")"


def words(phrases, ignore_case: bool = False) -> str:
    """Regex source matching any phrase as whole words (not inside a longer word)."""
    body = trie_regex({p.lower() for p in phrases} if ignore_case else set(phrases))
    body = f"(?i:{body})" if ignore_case else f"(?:{body})"
    return rf"(?<!\w){body}(?!\w)"


def lower_words(phrases, capture: bool = False) -> str:
    """Regex source for any phrase as whole words, to match against *lowercased* text (see
    `lowered`): case-sensitive tries are twice as fast as case-insensitive ones. With capture,
    the match is the phrase's first character and the last group (one per first character) the
    rest of it, so that matches may overlap (one per word start): the phrase is
    text[m.start():m.end(m.lastindex)]."""
    lowered_phrases = {p.lower() for p in phrases}
    if not capture:
        return word_start_trie(lowered_phrases) + r"(?!\w)"
    return "|".join(rf"{_fragment(first)}{_WORD_START}(?=({trie_regex(rests)})(?!\w))"
                    for first, rests in sorted(_by_first(lowered_phrases).items()))


def lowered(text: str) -> str:
    """text.lower() with the same length, so offsets carry over (the rare characters whose
    lowercase is longer keep their case)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
