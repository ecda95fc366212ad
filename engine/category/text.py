"""Russian product-name analysis: tokens, lemmas, crude stems and the head noun.

Ozon types are usually singular ("Сумка пляжная"), WB subjects plural ("Сумки");
lemmas remove that difference, stems also tie an adjective to its noun
("дверной" ~ "дверь") and absorb pymorphy's guesses for unknown words
("рашгарды" -> "рашгарда" vs "рашгард").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

_WORD_RE = re.compile(r"[a-zа-я0-9]+(?:-[a-zа-я0-9]+)*|[,:;/]")
_PREPOSITIONS = frozenset(
    {"для", "от", "на", "в", "во", "с", "со", "из", "по", "под", "над", "при", "без", "к", "ко", "о", "об"}
    | {"до", "за", "через", "у", "и", "или", "а"}
)
# Longest first so "ческий" wins over "ий".
_ENDINGS = tuple(
    sorted(
        {"ический", "ческий", "ский", "ской", "ный", "ной", "ний", "овый", "евый", "ый", "ий", "ой", "ие"}
        | {"ия", "ье", "ья", "ь", "а", "я", "о", "е", "и", "ы", "й", "у", "ю"},
        key=len,
        reverse=True,
    )
)
_COORDINATORS = frozenset({"и", "или", ",", "/"})
_SEPARATORS = _PREPOSITIONS | frozenset(",:;/")
_MIN_STEM = 3
# WB catch-all subjects ("Другие аксессуары для спорта") should look like the plain kind.
_CATCH_ALL = frozenset({"другой", "другие", "прочий", "прочие", "разное", "прочее", "другое"})
_HYPHEN_QUALIFIERS = frozenset(
    {"мини", "макси", "микро", "супер", "фото", "видео", "аудио", "эко", "арт", "тату", "бьюти", "экспресс"}
    | {"экстра", "смарт", "кейк"}
)
_NOUN_CASES = frozenset({"nomn", "accs"})


@dataclass(frozen=True, slots=True)
class Word:
    """One analysed word: its noun reading and/or its adjective reading (stems)."""

    noun: str | None
    adjective: str | None
    nominative: bool
    noun_lemma: str | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """A name split into its head noun and the rest.

    ``head`` is the stem of the first nominative noun not inside a prepositional
    phrase; everything else that carries meaning lands in ``modifiers``.
    """

    text: str
    head: str
    head_lemma: str
    modifiers: tuple[str, ...]
    coheads: tuple[str, ...] = ()

    @property
    def heads(self) -> tuple[str, ...]:
        return (self.head, *self.coheads) if self.head else self.coheads

    @property
    def stems(self) -> tuple[str, ...]:
        return (*self.heads, *self.modifiers)


_morph: pymorphy3.MorphAnalyzer | None = None


def _analyzer() -> pymorphy3.MorphAnalyzer:
    global _morph  # noqa: PLW0603 - the dictionaries take ~50 MB; load once, lazily
    if _morph is None:
        _morph = pymorphy3.MorphAnalyzer()
    return _morph


def normalize(text: str) -> str:
    return text.lower().replace("ё", "е")


def tokenize(text: str) -> list[str]:
    return _WORD_RE.findall(normalize(text))


def stem_of(lemma: str) -> str:
    """Cut a lemma to a crude stem; hyphenated compounds are stemmed part by part."""
    lemma = lemma.replace("ё", "е")
    if "-" in lemma:
        return "-".join(stem_of(part) for part in lemma.split("-") if part)
    for ending in _ENDINGS:
        if lemma.endswith(ending) and len(lemma) - len(ending) >= _MIN_STEM:
            return lemma[: -len(ending)]
    return lemma


_SKIP_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})


@lru_cache(maxsize=200_000)
def analyze_word(token: str) -> Word:
    if token in _HYPHEN_QUALIFIERS:
        return Word(None, token, False, None)
    if not any("а" <= ch <= "я" for ch in token):
        # Digits and Latin ("3D", "18") qualify a name but never head it.
        return Word(token, None, False, token)
    if "-" in token:
        parts = [analyze_word(part) for part in token.split("-") if part]
        stems = [p.noun or p.adjective or "" for p in parts]
        lemmas = [p.noun_lemma or p.noun or p.adjective or "" for p in parts]
        return Word("-".join(stems), None, parts[0].nominative, "-".join(lemmas))
    morph = _analyzer()
    parses = [p for p in morph.parse(token) if not (_SKIP_TAGS & p.tag.grammemes)]
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    adjectives = [p for p in parses if p.tag.POS in {"ADJF", "PRTF"}]
    if not morph.word_is_known(token) and nouns:
        # Guessed paradigms of unknown words are noisy; a noun reading is the safer bet.
        adjectives = [] if not token.endswith(("ый", "ий", "ой", "ая", "ое", "ые", "ие")) else adjectives
    noun_lemma = None
    noun = None
    nominative = False
    if nouns:
        # Sum the parse scores per lemma: "полов" is more likely "пол" than "полова".
        weight: dict[str, float] = {}
        for p in nouns:
            weight[p.normal_form] = weight.get(p.normal_form, 0.0) + p.score
        lemma = max(weight, key=lambda form: (weight[form], -len(form)))
        noun_lemma = lemma.replace("ё", "е")
        noun = stem_of(noun_lemma)
        nominative = any(p.tag.case in _NOUN_CASES for p in nouns if p.normal_form == lemma)
        nominative = nominative or not morph.word_is_known(token)
    adjective = stem_of(adjectives[0].normal_form) if adjectives else None
    if noun is None and adjective is None:
        noun_lemma = parses[0].normal_form if parses else token
        noun = stem_of(noun_lemma)
    return Word(noun, adjective, nominative, noun_lemma)


def _split_compounds(tokens: list[str]) -> list[str]:
    """Split "робот-полотер" into "робот полотер" and move "мини-" style qualifiers behind the noun.

    The first part of a Russian hyphenated compound is normally the kind of thing
    ("сумка-органайзер" is a bag), unless it is a short qualifier ("мини-", "тату-").
    """
    out: list[str] = []
    for token in tokens:
        parts = [p for p in token.split("-") if p]
        if len(parts) < 2:
            out.extend(parts)
            continue
        first, rest = parts[0], parts[1:]
        if first in _HYPHEN_QUALIFIERS or len(first) <= 2 or not _analyzer().word_is_known(first):
            out.extend([*rest, first])
        else:
            out.extend(parts)
    return out


def _is_head_noun(word: Word) -> bool:
    return word.noun is not None and word.nominative


@lru_cache(maxsize=100_000)
def analyze_phrase(text: str) -> Phrase:
    tokens = _split_compounds(tokenize(text))
    words: list[tuple[str, Word | None]] = [(t, None if t in _SEPARATORS else analyze_word(t)) for t in tokens]
    head = ""
    head_lemma = ""
    coheads: list[str] = []
    modifiers: list[str] = []
    after_preposition = False
    # "Таблички и наклейки информационные", "Держатель, каркас для маски": coordinated nouns
    # right after the head are heads too.
    head_open = False
    expect_cohead = False
    for i, (token, word) in enumerate(words):
        if word is None or token in _CATCH_ALL:
            expect_cohead = head_open and token in _COORDINATORS
            if token in _PREPOSITIONS and token not in _COORDINATORS:
                after_preposition = True
                head_open = False
            continue
        nxt = words[i + 1][1] if i + 1 < len(words) else None
        after_and = words[i + 2][1] if nxt is None and i + 2 < len(words) else None
        # "Рабочие перчатки": an ambiguous word before a noun is its adjective, and so is
        # one coordinated with an adjective ("Игровые и спортивные комплексы").
        adjective_here = word.adjective is not None and (
            (bool(head) and not expect_cohead)
            or (nxt is not None and _is_head_noun(nxt))
            or word.noun is None
            or (not head and after_and is not None and after_and.adjective is not None)
        )
        if not head and not after_preposition and _is_head_noun(word) and not adjective_here:
            head, head_lemma = word.noun or "", word.noun_lemma or ""
            head_open = True
            continue
        if expect_cohead and _is_head_noun(word) and not adjective_here:
            coheads.append(word.noun or "")
            expect_cohead = False
            continue
        expect_cohead = False
        stem = word.adjective if adjective_here else (word.noun or word.adjective)
        if stem and stem not in modifiers:
            modifiers.append(stem)
        if word.noun is not None and not adjective_here:
            after_preposition = False
            head_open = False
    if not head and modifiers:
        head = modifiers.pop(0)
        head_lemma = head
    return Phrase(text=text, head=head, head_lemma=head_lemma, modifiers=tuple(modifiers), coheads=tuple(coheads))
