"""The WB side, analysed once: subject phrases, stem postings and stem kinship."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from engine.category.models import WbSubject
from engine.category.text import Phrase, analyze_phrase

_MIN_PREFIX = 5
_MIN_COMPOUND_TAIL = 4
_COMMON_WORD = 3
PREFIX_SIMILARITY = 0.8
COMPOUND_SIMILARITY = 0.85
SPECIALISED_SIMILARITY = 0.7


@dataclass(frozen=True, slots=True)
class IndexedSubject:
    subject: WbSubject
    phrase: Phrase
    parent_stems: frozenset[str]
    stems: frozenset[str]
    all_stems: frozenset[str]


class SubjectIndex:
    """Analysed WB subjects plus look-ups from a stem to the subjects that use it."""

    def __init__(self, subjects: Iterable[WbSubject], combining_prefixes: Iterable[str] = ()) -> None:
        self._combining = tuple(sorted(set(combining_prefixes), key=len, reverse=True))
        self.subjects: list[IndexedSubject] = []
        self.by_head: dict[str, list[int]] = defaultdict(list)
        self.by_stem: dict[str, list[int]] = defaultdict(list)
        doc_freq: dict[str, int] = defaultdict(int)
        for n, subject in enumerate(subjects):
            phrase = analyze_phrase(subject.subject_name)
            parent = analyze_phrase(subject.parent_name)
            stems = frozenset(phrase.stems)
            parent_stems = frozenset(parent.stems)
            self.subjects.append(IndexedSubject(subject, phrase, parent_stems, stems, stems | parent_stems))
            for head in phrase.heads:
                self.by_head[head].append(n)
            for stem in stems:
                self.by_stem[stem].append(n)
                doc_freq[stem] += 1
        total = max(len(self.subjects), 1)
        self._idf = {stem: math.log(1 + total / df) for stem, df in doc_freq.items()}
        self._default_idf = math.log(1 + total)
        self._prefixes: dict[str, set[str]] = defaultdict(set)
        for stem in self.by_stem:
            for cut in range(_MIN_PREFIX, len(stem) + 1):
                self._prefixes[stem[:cut]].add(stem)
        # "электромотоцикл" is reachable from "мотоцикл": WB is often the more specific compound.
        self._by_tail: dict[str, set[str]] = defaultdict(set)
        for stem, users in self.by_stem.items():
            if len(users) >= _COMMON_WORD:
                continue
            for prefix in self._combining:
                tail = stem[len(prefix) :].lstrip("-")
                if stem.startswith(prefix) and len(tail) >= _MIN_COMPOUND_TAIL:
                    self._by_tail[tail].add(stem)
        self._kin_cache: dict[str, dict[str, float]] = {}

    def idf(self, stem: str) -> float:
        return self._idf.get(stem, self._default_idf)

    def kin(self, stem: str) -> dict[str, float]:
        """WB stems that may mean the same word: equal, sharing a long prefix, or its compound tail.

        "пневмоаэрограф" -> "аэрограф", "мототолстовк" -> "толстовк", "купаль" -> "купальник".
        """
        cached = self._kin_cache.get(stem)
        if cached is not None:
            return cached
        related: dict[str, float] = {}
        if len(stem) >= _MIN_PREFIX:
            for other in self._prefixes.get(stem, ()):
                related[other] = PREFIX_SIMILARITY
            for cut in range(_MIN_PREFIX, len(stem)):
                if stem[:cut] in self.by_stem:
                    related[stem[:cut]] = PREFIX_SIMILARITY
        # A word WB itself uses often ("автомобил", "телевизор") is a word, not a compound.
        common = len(self.by_stem.get(stem, ())) >= _COMMON_WORD
        for prefix in () if common else self._combining:
            tail = stem[len(prefix) :].lstrip("-")
            if stem.startswith(prefix) and len(tail) >= _MIN_COMPOUND_TAIL and tail in self.by_stem:
                related[tail] = max(related.get(tail, 0.0), COMPOUND_SIMILARITY)
        for other in self._by_tail.get(stem, ()):
            related[other] = max(related.get(other, 0.0), SPECIALISED_SIMILARITY)
        related[stem] = 1.0
        self._kin_cache[stem] = related
        return related
