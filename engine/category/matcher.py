"""Suggest WB subjects for Ozon types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import NamedTuple

from rapidfuzz import fuzz, process

from engine.category.affinity import ParentAffinity
from engine.category.calibration import calibrate
from engine.category.fit import SubjectFit
from engine.category.index import SubjectIndex
from engine.category.knowledge import Knowledge, load_knowledge
from engine.category.models import OzonType, OzonTypeKey, Suggestion, WbSubject
from engine.category.scoring import PairScorer, PreparedQuery, Query
from engine.category.text import Phrase, analyze_phrase, normalize

_ALIAS_PENALTY = 0.1
_CATEGORY_PENALTY = 1.5
_STRONG_SCORE = 6.0
_MIN_RANKED = 3
_KEEP = 10
_FUZZY_SCALE = 2.0
# How often a curated pick is right, by its grade (measured on the dev set's curated rows).
_CURATED_SCORE = {"exact": 0.9, "near": 0.45, "none": 0.05}
_ALT_SCORE = 0.2


class Ranked(NamedTuple):
    position: int
    score: float


class CategoryMatcher:
    """Ranks WB subjects for an Ozon type.

    ``confirmed`` holds the seller's earlier choices; such a subject always comes
    first with score 1.0. ``context`` is the Ozon tree (all types) used to learn
    which WB parents each Ozon category leans to; without it ``suggest_all``
    learns from the batch it is given.
    """

    def __init__(
        self,
        subjects: Iterable[WbSubject],
        confirmed: Mapping[OzonTypeKey, int] | None = None,
        context: Iterable[OzonType] | None = None,
        knowledge: Knowledge | None = None,
    ) -> None:
        self.knowledge = knowledge or load_knowledge()
        self.index = SubjectIndex(subjects, self.knowledge.combining_prefixes)
        self.confirmed: dict[OzonTypeKey, int] = dict(confirmed or {})
        self._by_id = {item.subject.subject_id: n for n, item in enumerate(self.index.subjects)}
        self._scorer = PairScorer(self.index, self.knowledge.generic_heads)
        self._affinity = ParentAffinity(self.index, self.knowledge.top_affinity)
        self._fit = SubjectFit(self.index, self.knowledge.aliases, self._affinity)
        self._learnt = False
        self._names: list[str] | None = None
        if context is not None:
            self._affinity.learn(context)
            self._learnt = True

    def suggest(self, ozon_type: OzonType, k: int = 3) -> list[Suggestion]:
        ranked = self._rank(ozon_type)
        probabilities = calibrate([r.score for r in ranked], self._no_counterpart(ozon_type))
        suggestions = [
            Suggestion(
                subject_id=self.index.subjects[n].subject.subject_id,
                subject_name=self.index.subjects[n].subject.subject_name,
                parent_name=self.index.subjects[n].subject.parent_name,
                score=round(p, 4),
            )
            for (n, _), p in zip(ranked, probabilities, strict=True)
        ]
        checked = self._check_fit(ozon_type, self._apply_curated(ozon_type, suggestions))
        return self._apply_confirmed(ozon_type, checked)[:k]

    def suggest_all(self, types: Iterable[OzonType], k: int = 3) -> dict[OzonTypeKey, list[Suggestion]]:
        batch = list(types)
        if not self._learnt:
            self._affinity.learn(batch)
            self._learnt = True
        return {t.key: self.suggest(t, k) for t in batch}

    def _queries(self, ozon_type: OzonType) -> list[Query]:
        phrase = analyze_phrase(ozon_type.type_name)
        # Only the category's own name: top-level names ("Дом и сад") are too broad to help.
        context = frozenset(analyze_phrase(ozon_type.category_name).stems)
        queries = [Query(phrase, context)]
        category = analyze_phrase(ozon_type.category_name)
        if category.head and category.head != phrase.head:
            # The category name stands in when the type's own words find nothing
            # ("Тематическая площадка" in "Игровые и спортивные комплексы").
            fallback = Phrase(
                phrase.text,
                category.head,
                category.head_lemma,
                (*category.modifiers, *phrase.stems),
                category.coheads,
            )
            queries.append(Query(fallback, context, _CATEGORY_PENALTY))
        stems = set(phrase.stems)
        for alias in self.knowledge.aliases:
            if alias.source <= stems:
                queries.append(Query(_rewrite(phrase, alias.source, alias.target), context, _ALIAS_PENALTY))
        return sorted(queries, key=lambda q: q.penalty)

    def _rank(self, ozon_type: OzonType) -> list[Ranked]:
        best: dict[int, Ranked] = {}
        affinities: dict[str, float] = {}
        queries = self._queries(ozon_type)
        for query in queries:
            if query.penalty >= _CATEGORY_PENALTY and any(r.score >= _STRONG_SCORE for r in best.values()):
                continue
            prepared = self._scorer.prepare(query)
            for n in self._candidates(prepared):
                item = self.index.subjects[n]
                parent = item.subject.parent_name
                affinity = affinities.get(parent)
                if affinity is None:
                    affinity = affinities[parent] = self._affinity.weight(ozon_type, parent)
                score = self._scorer.score(prepared, item, affinity)
                if n not in best or score > best[n].score:
                    best[n] = Ranked(n, score)
        if len(best) < _MIN_RANKED:
            self._fill_fuzzy(ozon_type, best)
        return sorted(best.values(), key=lambda r: -r.score)[:_KEEP]

    def _fill_fuzzy(self, ozon_type: OzonType, best: dict[int, Ranked]) -> None:
        """Names that share no word stem at all: fall back to character similarity, scored low."""
        if self._names is None:
            self._names = [normalize(item.subject.subject_name) for item in self.index.subjects]
        found = process.extract(normalize(ozon_type.type_name), self._names, scorer=fuzz.ratio, limit=_MIN_RANKED * 2)
        for _, similarity, n in found:
            best.setdefault(n, Ranked(n, _FUZZY_SCALE * similarity / 100.0))

    def _candidates(self, prepared: PreparedQuery) -> set[int]:
        found: set[int] = set()
        for stem in prepared.reach:
            found.update(self.index.by_stem.get(stem, ()))
        return found

    def _no_counterpart(self, ozon_type: OzonType) -> bool:
        stems = set(analyze_phrase(ozon_type.type_name).stems)
        return any(rule <= stems for rule in self.knowledge.no_counterpart)

    def _apply_curated(self, ozon_type: OzonType, suggestions: list[Suggestion]) -> list[Suggestion]:
        """A curated pick leads; its grade, not the name match, says how sure we are."""
        choice = self.knowledge.curated.get(ozon_type.key)
        if choice is None:
            return suggestions
        if choice.fit == "none" and choice.subject_id is None:
            # WB sells no such goods and there is not even a fallback: no name match may look sure.
            return _non_increasing(suggestions, _CURATED_SCORE["none"])
        pinned: list[Suggestion] = []
        for subject_id, score in ((choice.subject_id, _CURATED_SCORE[choice.fit]), (choice.alt_subject_id, _ALT_SCORE)):
            n = self._by_id.get(subject_id) if subject_id is not None else None
            if n is None or any(p.subject_id == subject_id for p in pinned):
                continue
            subject = self.index.subjects[n].subject
            pinned.append(Suggestion(subject.subject_id, subject.subject_name, subject.parent_name, score))
        if not pinned:
            return suggestions
        rest = [s for s in suggestions if all(s.subject_id != p.subject_id for p in pinned)]
        # The rest share what the pick leaves; no suggestion outscores the one ranked above it.
        return _non_increasing([*pinned, *rest], pinned[0].score, max(0.0, 1.0 - pinned[0].score))

    def _check_fit(self, ozon_type: OzonType, suggestions: list[Suggestion]) -> list[Suggestion]:
        """A confident first pick that fits neither the type's words nor its Ozon branch is only a near one."""
        unsure = _CURATED_SCORE["near"]
        if not suggestions or suggestions[0].score <= unsure:
            return suggestions
        n = self._by_id.get(suggestions[0].subject_id)
        if n is None or self._fit.fits(ozon_type, self.index.subjects[n]):
            return suggestions
        return _non_increasing(suggestions, unsure)

    def _apply_confirmed(self, ozon_type: OzonType, suggestions: list[Suggestion]) -> list[Suggestion]:
        subject_id = self.confirmed.get(ozon_type.key)
        n = self._by_id.get(subject_id) if subject_id is not None else None
        if n is None:
            return suggestions
        subject = self.index.subjects[n].subject
        pinned = Suggestion(subject.subject_id, subject.subject_name, subject.parent_name, 1.0)
        return [pinned, *(s for s in suggestions if s.subject_id != subject.subject_id)]


def _non_increasing(suggestions: list[Suggestion], cap: float, rest_cap: float | None = None) -> list[Suggestion]:
    """Scores capped at ``cap`` for the first and ``rest_cap`` (default ``cap``) for the others, and never
    rising down the list, so the order and the scores tell the same story."""
    out: list[Suggestion] = []
    ceiling = cap
    for n, suggestion in enumerate(suggestions):
        if n == 1 and rest_cap is not None:
            ceiling = min(ceiling, rest_cap)
        score = min(suggestion.score, ceiling)
        out.append(suggestion if score == suggestion.score else replace(suggestion, score=round(score, 4)))
        ceiling = score
    return out


def _rewrite(phrase: Phrase, source: frozenset[str], target: Phrase) -> Phrase:
    """Replace the words of ``source`` by ``target``; the target's head wins if the old head went."""
    kept_heads = tuple(h for h in phrase.heads if h not in source)
    kept_mods = tuple(m for m in phrase.modifiers if m not in source)
    if phrase.head in source:
        return Phrase(
            phrase.text,
            target.head,
            target.head_lemma,
            (*target.modifiers, *kept_mods),
            (*target.coheads, *kept_heads),
        )
    return Phrase(phrase.text, phrase.head, phrase.head_lemma, (*kept_mods, *target.stems), kept_heads[1:])
