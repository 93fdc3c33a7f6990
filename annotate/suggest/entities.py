"""Rule entity mentions: gazetteer names, titled persons, organization names, groups and pronouns.

Works on :class:`Tok` lists (the spaCy tokens of the pipeline, white space dropped) and returns
:class:`Candidate` mentions with exact character offsets, extents as ``guidelines.md`` (6.2) says:
names without a title, article or possessive; nominals from their determiner to their head.

1. gazetteer (:mod:`.gazetteer`): countries, cities, regions, organizations and facilities as written
   (``Russia``, ``Havana``, ``Kremlin``, ``EU``) -> GPE / LOC / ORG / FAC, grouped by canonical name;
2. governments: ``the Russian government``, ``Cuba's government``, ``the government of Cuba`` -> GPE of
   that country (metonymy, as ACE annotates it);
3. persons: ``Russian President Vladimir Putin`` -> ``Vladimir Putin``; appositions (``Yury Borisov,
   the Deputy Prime Minister``); names before reporting verbs (``..., Nikolai Kalashnikov said``);
   other capitalized names of two or more words, or of one word next to a verb of the lexicons
   (``Putin said``, ``invited Putin to``); later mentions of a surname, accents and hyphens ignored
   (``Diaz Canel`` = ``Díaz-Canel``), join the same entity;
4. organization, location and facility names by their head word (``Defense Committee``, ``Ministry of
   Foreign Affairs``, ``Export-Import Bank of China``, ``Zariadie Park``, ``Tretiakov art gallery``);
5. groups: ``the two presidents``, ``U.S. officials``, ``Cuba's president``, ``The presidents of Russia
   and Cuba``, ``The Cuban head of state`` -> PER; ``the two countries``, ``six countries`` -> GPE;
   ``he``/``she`` (joined to the last named person), ``we`` -> PER; ``there`` after a travel verb -> GPE.

Overlaps are resolved by :func:`resolve_overlaps` (priority, then length).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import gazetteer as gz


class Tok:
    """A token: its text, character offsets, sentence index and position in the token list; ``lower``
    (its text lowercased) and ``cap`` (its first character is upper case) are computed once, because
    every rule reads them (a plain slotted class: a frozen dataclass costs a setattr call per field)."""

    __slots__ = ("i", "text", "start", "end", "sent", "lower", "cap")

    def __init__(self, i: int, text: str, start: int, end: int, sent: int) -> None:
        self.i = i
        self.text = text
        self.start = start
        self.end = end
        self.sent = sent
        self.lower = text.lower()
        self.cap = text[:1].isupper()

    def _key(self) -> tuple[int, str, int, int, int]:
        return self.i, self.text, self.start, self.end, self.sent

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tok) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Tok(i={self.i!r}, text={self.text!r}, start={self.start!r}, end={self.end!r}, sent={self.sent!r})"


@dataclass
class Candidate:
    """A mention the suggester proposes, before ids are given."""

    start: int
    end: int
    type: str  # a MentionType value
    key: str | None = None  # mentions with the same key are one entity
    rule: str = ""
    priority: int = 0  # higher wins an overlap
    value: object = None  # TimeValue or MoneyValue for TIME and MONEY
    extra: dict = field(default_factory=dict)

    def overlaps(self, other: "Candidate") -> bool:
        return self.start < other.end and other.start < self.end


class WordIndex:
    """Where each word form stands in a token list: text -> token indices, lowercased text -> token
    indices (ascending). The rules look up the few words they start from instead of testing every
    token; :func:`word_index` builds it once per token list."""

    __slots__ = ("toks", "texts", "by_text", "by_lower", "starts", "start_set", "end_set", "name_words")

    def __init__(self, toks: list[Tok], *, texts: list[str] | None = None, starts: list[int] | None = None,
                 ends: list[int] | None = None) -> None:
        """``texts``, ``starts`` and ``ends``: those of ``toks``, when the caller has them already."""
        self.toks = toks
        self.texts = texts = [tok.text for tok in toks] if texts is None else texts
        by_text: dict[str, list[int]] = {}
        for k, text in enumerate(texts):
            by_text.setdefault(text, []).append(k)
        by_lower: dict[str, list[int]] = {}
        for text, positions in by_text.items():  # the lists are shared, never changed
            lower = text.lower()
            by_lower[lower] = sorted(by_lower[lower] + positions) if lower in by_lower else positions
        self.by_text, self.by_lower = by_text, by_lower
        self.starts = [tok.start for tok in toks] if starts is None else starts  # ascending
        self.start_set = set(self.starts)
        self.end_set = {tok.end for tok in toks} if ends is None else set(ends)
        self.name_words: list[int] | None = None  # filled by the entity rules (EntityRules._name_positions)

    def text_in(self, words) -> list[int]:
        """Indices, ascending, of the tokens whose text is in ``words``."""
        return _positions(self.by_text, self.by_text.keys() & words)

    def lower_in(self, words) -> list[int]:
        """Indices, ascending, of the tokens whose lowercased text is in ``words``."""
        return _positions(self.by_lower, self.by_lower.keys() & words)

    def text_where(self, test) -> list[int]:
        """Indices, ascending, of the tokens whose text passes ``test`` (called once per word form)."""
        return _positions(self.by_text, [word for word in self.by_text if test(word)])


def _positions(table: dict[str, list[int]], words) -> list[int]:
    found: list[int] = []
    for word in words:
        found += table[word]
    found.sort()
    return found


_LAST_INDEX: list[WordIndex | None] = [None]


def word_index(toks: list[Tok]) -> WordIndex:
    """The :class:`WordIndex` of ``toks`` (the last one built is kept: every rule of a document shares it)."""
    index = _LAST_INDEX[0]
    if index is None or index.toks is not toks:
        index = _LAST_INDEX[0] = WordIndex(toks)
    return index


def make_tokens(texts: list[str], starts: list[int], ends: list[int], sents: list[int]) -> list[Tok]:
    """The :class:`Tok` list of these columns, its :class:`WordIndex` made at once from them."""
    toks = list(map(Tok, range(len(texts)), texts, starts, ends, sents))
    _LAST_INDEX[0] = WordIndex(toks, texts=texts, starts=starts, ends=ends)
    return toks


_FOLDED: dict[str, str] = {}


def _fold_char(char: str) -> str:
    folded = _FOLDED.get(char)
    if folded is None:
        base = unicodedata.normalize("NFD", char)[0]
        folded = _FOLDED[char] = " " if char in "-\u2010\u2011" else base if base.isascii() else char
    return folded


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(match: re.Match) -> str:
    return _fold_char(match.group())


def fold(text: str) -> str:
    """``text`` with accents removed and hyphens as spaces, one character for one (offsets survive).

    An ASCII character is itself, except "-" (a space); only the other characters are looked up."""
    return _NON_ASCII.sub(_fold_match, text).replace("-", " ")


def _phrase_table(tokenize) -> dict[tuple[str, ...], tuple[str, str, int]]:
    """Token tuple -> (type, canonical key, priority) for every gazetteer name."""
    table: dict[tuple[str, ...], tuple[str, str, int]] = {}

    def add(name: str, type_: str, key: str, priority: int) -> None:
        words = tuple(tokenize(name))
        if words and words not in table:
            table[words] = (type_, key, priority)

    for names in gz.COUNTRIES:
        for name in names:
            add(name, "GPE", names[0], 5)
    for city, country in gz.CITIES:
        add(city, "GPE", city, 5)
    for names in gz.REGIONS:
        for name in names:
            add(name, "LOC", names[0], 4)
    for names in gz.ORGANIZATIONS:
        for name in names:
            add(name, "ORG", names[0], 5)
    for names in gz.FACILITIES:
        for name in names:
            add(name, "FAC", names[0], 5)
    return table


class EntityRules:
    """The rule entity recognizer; build once per pipeline (it tokenizes the gazetteer)."""

    def __init__(self, tokenize) -> None:
        self.table = _phrase_table(tokenize)
        self.longest = max(len(k) for k in self.table)
        self.first_words = {k[0] for k in self.table}
        # first word -> the lengths of the names it starts, longest first (the only lengths worth a lookup)
        lengths: dict[str, set[int]] = {}
        for words in self.table:
            lengths.setdefault(words[0], set()).add(len(words))
        self.lengths = {word: sorted(found, reverse=True) for word, found in lengths.items()}
        self.demonyms = {row[0]: row[1] for row in gz.DEMONYMS}
        self.country_of = {name: names[0] for names in gz.COUNTRIES for name in names}
        # whether a word can be part of a name depends on its text only: computed once per word form
        self._name_word = lru_cache(maxsize=1 << 16)(self._name_word_uncached)

    # -- the rules -------------------------------------------------------------------------------
    def __call__(self, text: str, toks: list[Tok]) -> list[Candidate]:
        found: list[Candidate] = []
        found += self._gazetteer(toks)
        found += self._governments(toks)
        persons = self._titled_persons(toks) + self._apposition_persons(toks) + self._reporting_persons(toks)
        found += persons
        found += self._named_by_head(toks)
        found += self._generic_names(toks, found)
        found += self._acronyms(toks, found)
        found += self._surnames(text, toks, [c for c in found if c.type == "PER" and "name" in c.extra])
        found += self._groups(toks)
        found += self._pronouns(toks, found)
        _unify_person_keys(found)
        return found

    def nominals(self, toks: list[Tok], names: list[Candidate]) -> list[Candidate]:
        """The rules that do not find names, for a pipeline whose NER found ``names``: governments,
        groups, titled roles and pronouns."""
        found = self._governments(toks) + self._groups(toks)
        found += self._pronouns(toks, names + found)
        return found

    def _generic_names(self, toks: list[Tok], found: list[Candidate]) -> list[Candidate]:
        """Capitalized name words no other rule explains: a person's name when two or more words
        ("Ronald Reagan"), or one word inside a sentence that no determiner precedes ("invited Putin"),
        or one word right before a verb of the lexicons ("Putin said")."""
        verbs = _lexicon_verbs()
        adverbs = _NAME_ADVERBS
        verbs_and = verbs | {"and", "with", "by", "met", "meet"}
        taken = covered_tokens(toks, found)
        # headlines: sentences of three or more words, more than 60% of them capitalized
        alphas: dict[int, int] = {}
        caps: dict[int, int] = {}
        for tok in toks:
            if tok.text.isalpha():
                alphas[tok.sent] = alphas.get(tok.sent, 0) + 1
                caps[tok.sent] = caps.get(tok.sent, 0) + tok.cap
        headline = {sent for sent, count in alphas.items() if count >= 3 and caps[sent] / count > 0.6}
        out, k = [], 0
        for start in self._name_positions(toks):  # a name starts with a name word
            if start < k:
                continue
            k = start
            tok = toks[k]
            if k in taken or tok.sent in headline or tok.text.isupper() or (
                    k and self._is_name_word(toks[k - 1]) and toks[k - 1].sent == tok.sent and k - 1 not in taken):
                k += 1
                continue
            end = self._name_after(toks, k)
            if any(m in taken for m in range(k, end)):
                end = next(m for m in range(k, end) if m in taken)
            if end <= k:
                k += 1
                continue
            words = end - k - sum(1 for m in range(k, end) if toks[m].text == "-")
            prev = toks[k - 1] if k and toks[k - 1].sent == tok.sent else None
            nxt = end
            while nxt < len(toks) and toks[nxt].lower in adverbs and nxt - end < 2:
                nxt += 1
            before_verb = nxt < len(toks) and toks[nxt].lower in verbs and toks[nxt].sent == tok.sent
            if not before_verb and end + 1 < len(toks) and toks[end].text in ("and", ",") and \
                    self._is_name_word(toks[end + 1]) and toks[end + 1].sent == tok.sent:
                after = self._name_after(toks, end + 1)  # "Putin and Diaz-Canel urged"
                before_verb = after < len(toks) and toks[after].lower in verbs
            determiner = prev is not None and prev.lower in ("the", "a", "an", "this", "that")
            if determiner or (end < len(toks) and toks[end].cap and toks[end].sent == tok.sent):
                k = end
                continue
            if words == 1 and (tok.text.endswith(("ean", "ian", "ese", "ish", "can")) or (
                    tok.text.endswith("an") and not before_verb)):
                k = end  # "European", "Caribbean": adjectives, not names
                continue
            if prev is not None and prev.text in ("'s", "\u2019s") and words == 1:
                k = end  # "the Prime Minister's House"
                continue
            # one word is a name only next to a verb of the lexicons: "Putin said", "invited Putin to"
            after_verb = prev is not None and prev.lower in verbs_and
            if words >= 2 or before_verb or (words == 1 and after_verb):
                out.append(self._person(toks, k, end, "name", 1 if words == 1 else 2))
            k = end
        return out

    def _acronyms(self, toks: list[Tok], found: list[Candidate]) -> list[Candidate]:
        """"the FBI", "IS proclaimed", "the DCCC's response": a word of 2-5 capital letters inside a
        sentence that is not itself in capitals names an organization (countries, titles, treaties and
        Roman numerals excepted: "USA", "CEO", "INF", "World War II")."""
        from annotate.gazetteer import lookup

        from .lexicon import TREATY_WORDS

        taken = covered_tokens(toks, found)
        out = []
        for k in word_index(toks).text_where(_acronym_shape):
            tok = toks[k]
            text = tok.text
            if k in taken:
                continue
            if text in gz.TITLES or text.lower() in TREATY_WORDS or _ROMAN.fullmatch(text) or lookup(text):
                continue
            near = [t for t in toks[max(0, k - 3):k + 4] if t.sent == tok.sent and t.i != k and t.text.isalpha()]
            if not near or sum(t.text.isupper() and len(t.text) > 1 for t in near) >= 2:
                continue  # a heading in capitals ("THE FBI SAYS")
            out.append(Candidate(tok.start, tok.end, "ORG", f"org:{text}", "acronym", 1))
        return out

    def _gazetteer(self, toks: list[Tok]) -> list[Candidate]:
        out, i = [], 0
        index = word_index(toks)
        texts = index.texts
        for start in index.text_in(self.first_words):  # the tokens a name can start at
            if start < i:
                continue  # inside the name found before
            i = start
            lengths = self.lengths[toks[i].text]
            for n in lengths:
                if n > len(toks) - i:
                    continue
                words = tuple(texts[i:i + n])
                hit = self.table.get(words)
                if hit and toks[i + n - 1].sent == toks[i].sent:
                    # "The Kremlin" at a sentence start: take "Kremlin" unless "the" is in the name
                    type_, key, priority = hit
                    out.append(Candidate(toks[i].start, toks[i + n - 1].end, type_, key, "gazetteer", priority))
                    i += n - 1
                    break
            i += 1
        return out

    def _governments(self, toks: list[Tok]) -> list[Candidate]:
        out = []
        nouns = {"government", "authorities", "administration", "leadership", "side", "state", "regime"}
        for k in word_index(toks).lower_in(nouns):
            tok = toks[k]
            before = toks[k - 1] if k else None
            country = None
            first = k
            if before is not None and before.text in self.demonyms:
                country, first = self.demonyms[before.text], k - 1
            elif before is not None and before.text in ("'s", "\u2019s") and k >= 2 and toks[k - 2].text in self.country_of:
                country, first = self.country_of[toks[k - 2].text], k - 2
            elif tok.lower == "government" and k + 2 < len(toks) and toks[k + 1].text == "of" and \
                    toks[k + 2].text in self.country_of:
                country = self.country_of[toks[k + 2].text]
                last = k + 2
                if first > 0 and toks[first - 1].lower == "the":
                    first -= 1
                out.append(Candidate(toks[first].start, toks[last].end, "GPE", country, "government", 7))
                continue
            if country is None:
                continue
            if first > 0 and toks[first - 1].lower == "the" and toks[first - 1].sent == tok.sent:
                first -= 1
            out.append(Candidate(toks[first].start, tok.end, "GPE", country, "government", 7))
        return out

    def _name_positions(self, toks: list[Tok]) -> list[int]:
        """Indices of the name words of ``toks`` (kept with the token list's word index)."""
        index = word_index(toks)
        if index.name_words is None:
            index.name_words = index.text_where(self._name_word)
        return index.name_words

    def _is_name_word(self, tok: Tok) -> bool:
        return self._name_word(tok.text)

    def _name_word_uncached(self, text: str) -> bool:
        return (text[:1].isupper() and text not in gz.TITLES and text not in gz.NOT_NAMES and text not in self.demonyms
                and text not in gz.ORG_HEADS and text not in gz.NON_ENTITY_HEADS and text not in gz.LOC_HEADS
                and text not in gz.FAC_HEADS and text.isalpha())

    def _name_after(self, toks: list[Tok], k: int) -> int:
        """Index after the name that starts at ``k`` (``k`` itself when there is none)."""
        j = k
        while j < len(toks) and j - k < 7 and toks[j].sent == toks[k].sent:
            tok = toks[j]
            if self._is_name_word(tok) and tok.text not in self.country_of:
                j += 1
            elif tok.text == "-" and j > k and j + 1 < len(toks) and toks[j + 1].start == tok.end and \
                    toks[j - 1].end == tok.start and (toks[j + 1].cap or toks[j + 1].text in gz.NAME_PARTICLES):
                j += 1  # "Díaz-Canel", "al-Assad"
            elif tok.text in gz.NAME_PARTICLES and j > k and j + 1 < len(toks) and (
                    toks[j + 1].cap or toks[j + 1].text == "-"):
                j += 1
            else:
                break
        while j > k and (toks[j - 1].text == "-" or toks[j - 1].text in gz.NAME_PARTICLES):
            j -= 1
        return j

    def _titled_persons(self, toks: list[Tok]) -> list[Candidate]:
        out, k = [], 0
        for start in word_index(toks).text_in(_TITLE_WORDS):  # the rule starts at a title word only
            if start < k:
                continue
            k = start
            tok = toks[k]
            if tok.text in gz.TITLE_HEADS or (tok.text in gz.TITLES and k + 1 < len(toks) and
                                               toks[k + 1].text in gz.TITLE_HEADS):
                j = k
                while j < len(toks) and (toks[j].text in gz.TITLES or toks[j].text in self.demonyms) and \
                        toks[j].sent == tok.sent:
                    j += 1
                if j > k and toks[j - 1].text in gz.TITLE_HEADS or any(
                        toks[m].text in gz.TITLE_HEADS for m in range(k, j)):
                    end = self._name_after(toks, j)
                    if end > j and not (end - j == 1 and toks[j].text in gz.NOT_NAMES):
                        out.append(self._person(toks, j, end, "title", 8))
                        k = end
                        continue
                k = max(j, k + 1)
                continue
            k += 1
        return out

    def _person(self, toks: list[Tok], first: int, end: int, rule: str, priority: int) -> Candidate:
        name = " ".join(fold(t.text) for t in toks[first:end] if t.text != "-")
        return Candidate(toks[first].start, toks[end - 1].end, "PER", "per:" + name.lower(), rule, priority,
                         extra={"name": name})

    def _apposition_persons(self, toks: list[Tok]) -> list[Candidate]:
        """``Yury Borisov, the Deputy Prime Minister`` / ``Vladimir Shamanov, a Russian official``."""
        out = []
        name_word, country_of = self._name_word, self.country_of
        # no name starts elsewhere (what _name_after would find there: ``end == k``)
        for k in self._name_positions(toks):
            if toks[k].text in country_of:
                continue
            if k and name_word(toks[k - 1].text):
                continue
            end = self._name_after(toks, k)
            if end - k < 2 or end + 2 >= len(toks) or toks[end].text != ",":
                continue
            nxt = toks[end + 1:end + 5]
            words = [t.text for t in nxt]
            if words and words[0].lower() in ("the", "a", "an", "who", "former") and any(
                    w in gz.TITLE_HEADS or w.lower() in gz.PERSON_GROUPS or w in self.demonyms for w in words[1:]):
                out.append(self._person(toks, k, end, "apposition", 6))
        return out

    def _reporting_persons(self, toks: list[Tok]) -> list[Candidate]:
        """``..., Nikolai Kalashnikov said`` / ``said Nikolai Kalashnikov``: a two- or three-word name."""
        out = []
        verbs = {"said", "says", "told", "stated", "added", "noted", "reports", "reported", "wrote"}
        for k in word_index(toks).text_in(verbs):
            tok = toks[k]
            # name before the verb: the last 2-3 name words
            end = k
            first = end
            while first > 0 and end - first < 2 and self._is_name_word(toks[first - 1]) and \
                    toks[first - 1].sent == tok.sent:
                first -= 1
            if end - first >= 2 and not any(toks[m].text in self.country_of for m in range(first, end)):
                out.append(self._person(toks, first, end, "reporting", 4))
            after = self._name_after(toks, k + 1) if k + 1 < len(toks) else k + 1
            if after - (k + 1) >= 2:
                out.append(self._person(toks, k + 1, after, "reporting", 4))
        return out

    def _named_by_head(self, toks: list[Tok]) -> list[Candidate]:
        """Capitalized names ending in an organization, location or facility word."""
        out = self._facilities(toks)
        for k in word_index(toks).text_in(_HEAD_WORDS):  # kind is None for every other word
            tok = toks[k]
            if not tok.cap:
                continue
            kind = ("ORG" if tok.text in gz.ORG_HEADS else "LOC" if tok.text in gz.LOC_HEADS
                    else "FAC" if tok.text in gz.FAC_HEADS else None)
            if kind is None:
                continue
            first = k
            while first > 0 and toks[first - 1].sent == tok.sent:
                before = toks[first - 1]
                if before.cap and before.text not in gz.NOT_NAMES - {"Former"} and before.text not in (
                        "President", "Minister") and before.text.replace(".", "").isalpha():
                    first -= 1
                elif before.text == "-" and first > 1 and toks[first - 2].cap and before.start == toks[first - 2].end:
                    first -= 1  # "Export-Import Bank"
                else:
                    break
            if toks[first].text == "-":
                first += 1
            if first == k and first > 0 and toks[first - 1].text in ("'s", "\u2019s"):
                continue  # "the Prime Minister's House": a possessor's building, not a name of its own
            end = k + 1
            # "Ministry of Foreign Affairs", "Institute for Latin America", "Russian Academy of Sciences"
            if end + 1 < len(toks) and toks[end].text in ("of", "for") and toks[end + 1].cap and \
                    toks[end + 1].sent == tok.sent and toks[end + 1].text not in ("The",):
                stop = end + 1
                while stop < len(toks) and toks[stop].cap and toks[stop].sent == tok.sent and \
                        toks[stop].text.isalpha():
                    stop += 1
                end = stop
            if first == k and end == k + 1:
                if kind != "ORG" or tok.text not in ("Duma", "Senate", "Parliament", "Congress"):
                    continue  # a bare head word ("Ministry", "Park") names nothing by itself
            if first > 0 and toks[first - 1].lower == "the" and toks[first - 1].sent == tok.sent:
                pass  # the determiner stays outside the name
            name = " ".join(fold(t.text) for t in toks[first:end]).lower()
            # a name that contains a country ("Export-Import Bank of China") outranks the country
            of_country = end - k == 3 and toks[k + 2].text in self.country_of
            out.append(Candidate(toks[first].start, toks[end - 1].end, kind, f"{kind.lower()}:{name}",
                                 "head", 6 if of_country else 3))
        return out

    def _facilities(self, toks: list[Tok]) -> list[Candidate]:
        """"the Tretiakov art gallery" -> "Tretiakov art gallery"; "the boulevard of Arba"."""
        out = []
        for k in word_index(toks).text_in(gz.FAC_NOUNS):
            tok = toks[k]
            first = k
            while first > 0 and toks[first - 1].sent == tok.sent and toks[first - 1].text.islower() and \
                    toks[first - 1].text.isalpha() and toks[first - 1].text not in ("the", "a", "an") and k - first < 2:
                first -= 1
            if first > 0 and toks[first - 1].cap and self._is_name_word(toks[first - 1]):
                out.append(Candidate(toks[first - 1].start, tok.end, "FAC", None, "head", 4))
                continue
            if k + 2 < len(toks) and toks[k + 1].text == "of" and toks[k + 2].cap and toks[k + 2].sent == tok.sent:
                out.append(Candidate(tok.start, toks[k + 2].end, "FAC", None, "head", 4))
        return out

    def _surnames(self, text: str, toks: list[Tok], persons: list[Candidate]) -> list[Candidate]:
        """Later (or earlier) mentions of a known person by full name, last name or last two names."""
        variants: dict[str, str] = {}
        for person in persons:
            words = person.extra["name"].split()
            if not words:
                continue
            options = [" ".join(words), words[-1]]
            if len(words) >= 3:
                options += [" ".join(words[-2:]), f"{words[0]} {words[-1]}"]
            if len(words) >= 2:
                options.append(" ".join(words[-2:]))
            for option in options:
                if len(option) >= 3 and option not in gz.NOT_NAMES and option not in self.country_of:
                    variants.setdefault(option, person.key)  # the first (titled) person wins a surname
        if not variants:
            return []
        folded = fold(text)
        index = word_index(toks)
        starts, ends = index.start_set, index.end_set
        out = []
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(
            re.escape(v) for v in sorted(variants, key=len, reverse=True)) + r")(?![\w])")
        for match in pattern.finditer(folded):
            if match.start() in starts and match.end() in ends:
                out.append(Candidate(match.start(), match.end(), "PER", variants[match.group(0)], "surname", 6,
                                     extra={"name": match.group(0)}))
        return out

    def _groups(self, toks: list[Tok]) -> list[Candidate]:
        """Groups named by role: "the two presidents", "U.S. officials", "many politicians", "Cuba's
        president", "The presidents of Russia and Cuba" (PER); "the two countries", "six countries" (GPE)."""
        out = self._titled_roles(toks)
        determiners = _GROUP_DETERMINERS  # quantifiers | {"the", "its", "their"}
        for k in word_index(toks).lower_in(_GROUP_WORDS):
            tok = toks[k]
            word = tok.lower
            if tok.cap and k and toks[k - 1].sent == tok.sent:
                continue  # part of a title or a name ("President Putin")
            first = k
            while first > 0 and toks[first - 1].sent == tok.sent and (
                    toks[first - 1].lower in determiners or
                    toks[first - 1].text.isdigit() or
                    toks[first - 1].text in self.demonyms or toks[first - 1].lower in gz.GROUP_ADJECTIVES or
                    (toks[first - 1].cap and toks[first - 1].text.endswith(("an", "ese")) and first - 1 != k - 0 and
                     toks[first - 1].text not in gz.NOT_NAMES)):
                first -= 1
            modifiers = {"several" if toks[m].text.isdigit() else toks[m].lower for m in range(first, k)}
            has_det = bool(modifiers & determiners)
            priority = 2
            if first > 0 and toks[first - 1].text in self.country_of and toks[first - 1].sent == tok.sent and \
                    word in gz.PERSON_GROUPS and word.endswith("s"):
                first, priority, has_det = first - 1, 6, True  # "U.S. officials"
            end = k + 1
            if end + 1 < len(toks) and toks[end].text == "of" and toks[end + 1].text in self.country_of and \
                    has_det and word in gz.PERSON_GROUPS:
                end += 2  # "The presidents of Russia and Cuba"
                if end + 1 < len(toks) and toks[end].text == "and" and toks[end + 1].text in self.country_of:
                    end += 2
                priority = 6
            if word in gz.COUNTRY_GROUPS:
                if not modifiers & _QUANTIFIERS_THE or modifiers & {"other", "all", "many", "some"}:
                    continue  # "other countries": not a definite group
                out.append(Candidate(toks[first].start, toks[end - 1].end, "GPE", None, "group", 2))
                continue
            if first == k and k >= 2 and toks[k - 1].text in ("'s", "\u2019s") and toks[k - 2].text in self.country_of:
                first, priority, has_det = k - 2, 6, True  # "Cuba's president"
            if word in ("prime", "premier", "president", "minister", "leader", "ambassador", "spokesman",
                        "spokeswoman", "spokesperson") and not has_det:
                continue  # a lower-case title word alone is no mention
            if word == "prime" or modifiers & {"other", "all"}:
                continue
            if first > 0 and toks[first - 1].lower in ("a", "an"):
                continue  # "a Russian official": a description, not a mention of its own
            out.append(Candidate(toks[first].start, toks[end - 1].end, "PER", None, "group", priority))
        out += self._heads_of_state(toks)
        for k in word_index(toks).lower_in(gz.COUNTRY_NOUNS):  # "The country borrowed 1.5 billion euros"
            tok = toks[k]
            if k and toks[k - 1].lower in ("the", "this") and \
                    toks[k - 1].sent == tok.sent and not (k + 1 < len(toks) and toks[k + 1].text == "of"):
                out.append(Candidate(toks[k - 1].start, tok.end, "GPE", None, "group", 1))
        return out

    def _heads_of_state(self, toks: list[Tok]) -> list[Candidate]:
        """"The Cuban head of state", "the head of government"."""
        out = []
        for k in word_index(toks).lower_in(("head",)):
            tok = toks[k]
            if k + 2 >= len(toks) or toks[k + 1].text != "of" or \
                    toks[k + 2].lower not in ("state", "government"):
                continue
            first = k
            while first > 0 and toks[first - 1].sent == tok.sent and (
                    toks[first - 1].lower == "the" or toks[first - 1].text in self.demonyms):
                first -= 1
            if first < k:
                out.append(Candidate(toks[first].start, toks[k + 2].end, "PER", None, "group", 6))
        return out

    def _titled_roles(self, toks: list[Tok]) -> list[Candidate]:
        """``the Prime Minister``, ``the Cuban Defense Minister`` with no name after: a person."""
        out = []
        index = word_index(toks)
        for k in sorted(set(index.lower_in(("the",)) + index.text_in(self.demonyms))):  # the rule's first words
            tok = toks[k]
            if k + 1 >= len(toks):
                continue
            if tok.lower != "the":
                # "Previously Cuban President met ...": a nationality and a title, no article, no name
                if tok.text in self.demonyms and toks[k + 1].text in gz.TITLE_HEADS and not (
                        k and toks[k - 1].lower in ("the", "a", "an")) and toks[k + 1].sent == tok.sent:
                    nxt = toks[k + 2] if k + 2 < len(toks) else None
                    if nxt is None or not (self._is_name_word(nxt) or nxt.text in gz.TITLES):
                        out.append(Candidate(tok.start, toks[k + 1].end, "PER", None, "group", 2))
                continue
            j = k + 1
            while j < len(toks) and toks[j].sent == tok.sent and (toks[j].text in gz.TITLES or toks[j].text in self.demonyms):
                j += 1
            if j == k + 1 or toks[j - 1].text not in gz.TITLE_HEADS:
                continue
            if j < len(toks) and self._is_name_word(toks[j]) and toks[j].sent == tok.sent:
                continue  # a name follows: the titled-person rule takes it
            out.append(Candidate(tok.start, toks[j - 1].end, "PER", None, "group", 2))
        return out

    def _pronouns(self, toks: list[Tok], found: list[Candidate]) -> list[Candidate]:
        import bisect

        starts = word_index(toks).starts
        for c in found:  # the sentence of each mention
            c.extra.setdefault("sent", toks[max(0, bisect.bisect_right(starts, c.start) - 1)].sent)
        named = sorted((c for c in found if c.type == "PER" and c.key), key=lambda c: c.start)
        agents = sorted((c for c in found if c.type in ("PER", "ORG", "GPE")), key=lambda c: c.start)
        out = []
        index = word_index(toks)
        for k in sorted(set(index.lower_in(("there", "here")) + index.text_in(_PRONOUN_WORDS))):
            tok = toks[k]
            if tok.lower in ("there", "here") and tok.i and toks[tok.i - 1].lower in (
                    "traveled", "travelled", "went", "flew", "came", "arrived", "visited", "returned"):
                out.append(Candidate(tok.start, tok.end, "GPE", None, "pronoun", 1))  # "twice traveled there"
                continue
            if tok.text in ("We", "we") and tok.i + 1 < len(toks) and toks[tok.i + 1].lower not in ("are", "will"):
                out.append(Candidate(tok.start, tok.end, "PER", None, "pronoun", 1))
                continue
            if tok.text in ("they", "They"):
                # "they" -> the nearest group, organization or country before it in the sentence
                group = [c for c in agents if c.end <= tok.start and c.extra.get("sent") == tok.sent and (
                    c.type != "PER" or c.rule == "group")]
                if group:
                    out.append(Candidate(tok.start, tok.end, group[-1].type, group[-1].key, "pronoun", 1))
                else:
                    out.append(Candidate(tok.start, tok.end, "PER", None, "pronoun", 1))
                continue
            if tok.text not in gz.PERSON_PRONOUNS:
                continue
            # he/she -> the nearest person named before it in its sentence, else in the text before
            same = [c for c in named if c.end <= tok.start and c.extra.get("sent") == tok.sent]
            before = same or [c for c in named if c.end <= tok.start]
            key = before[-1].key if before else None
            out.append(Candidate(tok.start, tok.end, "PER", key, "pronoun", 1))
        return out


_ROMAN = __import__("re").compile(r"[IVXLC]+")
_TITLE_WORDS = gz.TITLE_HEADS | gz.TITLES


def _acronym_shape(text: str) -> bool:
    return 2 <= len(text) <= 5 and text.isalpha() and text.isupper()
_HEAD_WORDS = gz.ORG_HEADS | gz.LOC_HEADS | gz.FAC_HEADS
_GROUP_WORDS = gz.PERSON_GROUPS | gz.COUNTRY_GROUPS
#: The tokens the pronoun rule looks at (besides "there" and "here" in any case).
_PRONOUN_WORDS = frozenset({"We", "we", "they", "They"}) | gz.PERSON_PRONOUNS
_QUANTIFIERS = frozenset({"two", "both", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
                          "many", "some", "one", "all", "other"})
_GROUP_DETERMINERS = _QUANTIFIERS | {"the", "its", "their"}
_QUANTIFIERS_THE = _QUANTIFIERS | {"the"}
#: Words that may stand between a one-word name and the verb that makes it one ("Putin also said").
_NAME_ADVERBS = frozenset({"also", "then", "later", "previously", "reportedly", "has", "had", "have", "was", "is",
                           "will", "would", "to", "plans", "intends", "did", "does", "not", "never",
                           "later", "again", "twice", "once", "publicly", "jointly"})


@lru_cache(maxsize=1)
def _lexicon_verbs() -> frozenset[str]:
    """The first words of the lexicon entries that can be verbs ("visit" is a verb too)."""
    from .lexicon import ENTRIES

    return frozenset(e.words[0] for e in ENTRIES if not e.noun or not e.plural)


def _unify_person_keys(found: list[Candidate]) -> None:
    """One key per person: "Diaz-Canel" (from "Cuban President Diaz-Canel") is "Miguel Diaz-Canel" when
    one name ends the other; "Raul Castro" and "Fidel Castro" stay two people."""
    names = sorted({c.key[4:] for c in found if c.type == "PER" and c.key and c.key.startswith("per:")},
                   key=lambda name: -len(name.split()))
    canonical: dict[str, str] = {}
    for name in names:
        words = name.split()
        longer = next((other for other in canonical.values() if other != name and
                       other.split()[-len(words):] == words), None)
        canonical[name] = longer or name
    for cand in found:
        if cand.type == "PER" and cand.key and cand.key.startswith("per:"):
            cand.key = "per:" + canonical.get(cand.key[4:], cand.key[4:])


def covered_tokens(toks: list[Tok], found: list[Candidate]) -> set[int]:
    """Indices of the tokens that lie inside one of ``found``."""
    import bisect

    starts = word_index(toks).starts
    covered: set[int] = set()
    for cand in found:
        k = bisect.bisect_left(starts, cand.start)
        while k < len(toks) and toks[k].end <= cand.end:
            covered.add(k)
            k += 1
    return covered


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates (priority, then length), in text order.

    The kept ones never overlap each other, so, ordered by (start, end), their ends never decrease: of
    those that start before a candidate ends, only the last can reach past its start (bisection instead
    of a comparison with every kept one)."""
    kept: list[Candidate] = []
    spans: list[tuple[int, int]] = []  # (start, end) of the kept ones, in order
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        at = bisect.bisect_left(spans, (cand.end, -1))  # the kept spans [:at] start before cand ends
        if at and spans[at - 1][1] > cand.start:
            continue
        spans.insert(bisect.bisect_left(spans, (cand.start, cand.end)), (cand.start, cand.end))
        kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))
