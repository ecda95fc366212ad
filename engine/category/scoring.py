"""Raw pair score between one Ozon query and one WB subject.

The score is a weighted sum of a few interpretable features; ``calibration``
turns it into a probability. Everything that depends on the query alone is
computed once per query (``PreparedQuery``) because a query meets ~100 subjects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from engine.category.index import IndexedSubject, SubjectIndex
from engine.category.text import Phrase

# Parent-name words count for less than the subject's own words.
_PARENT_FACTOR = 0.6
_CONTEXT_FACTOR = 0.8
_GENERIC_PAIR = 0.5
_COHEAD_FACTOR = 0.9


@dataclass(frozen=True, slots=True)
class Query:
    """One reading of an Ozon type: its name (possibly rewritten by an alias) plus path context."""

    phrase: Phrase
    context: frozenset[str]
    penalty: float = 0.0


class Features(NamedTuple):
    head: float
    complement_head: float
    query_cover: float
    subject_cover: float
    affinity: float
    context: float
    exact: float
    penalty: float


class Weights(NamedTuple):
    head: float = 3.0
    complement_head: float = 1.6
    query_cover: float = 1.5
    subject_cover: float = 1.0
    affinity: float = 1.2
    context: float = 0.6
    exact: float = 2.0
    penalty: float = -1.0


WEIGHTS = Weights()


def combine(features: Features, weights: Weights = WEIGHTS) -> float:
    return sum(f * w for f, w in zip(features, weights, strict=True))


def _reach(index: SubjectIndex, stems: tuple[str, ...] | frozenset[str]) -> dict[str, float]:
    """Every WB stem related to any of ``stems``, with the best similarity."""
    out: dict[str, float] = {}
    for stem in stems:
        for other, sim in index.kin(stem).items():
            if sim > out.get(other, 0.0):
                out[other] = sim
    return out


class PreparedQuery:
    def __init__(self, query: Query, index: SubjectIndex, generic_heads: frozenset[str]) -> None:
        q = query.phrase
        self.query = query
        self.generic = q.head in generic_heads
        self.head_kin = index.kin(q.head)
        self.cohead_kins = [index.kin(h) for h in q.coheads]
        self.modifiers = [(index.kin(m), index.idf(m)) for m in q.modifiers]
        self.modifier_total = sum(w for _, w in self.modifiers)
        self.modifier_reach = _reach(index, q.modifiers)
        self.reach = _reach(index, q.stems)
        self.context = [(index.kin(c), index.idf(c)) for c in query.context]
        self.context_total = sum(w for _, w in self.context)
        self.context_reach = _reach(index, query.context)
        self.stems = frozenset(q.stems)
        self.head_generic_pair = q.head in generic_heads


def _best(kin: dict[str, float], targets: tuple[str, ...] | frozenset[str]) -> float:
    best = 0.0
    for target in targets:
        sim = kin.get(target)
        if sim is not None and sim > best:
            best = sim
    return best


def _weighted_cover(
    items: list[tuple[dict[str, float], float]], total: float, own: frozenset[str], extra: frozenset[str]
) -> float:
    if not total:
        return 1.0
    hit = 0.0
    for kin, weight in items:
        best = _best(kin, own)
        if best < 1.0 and extra:
            best = max(best, _PARENT_FACTOR * _best(kin, extra))
        hit += weight * best
    return hit / total


class PairScorer:
    def __init__(self, index: SubjectIndex, generic_heads: frozenset[str]) -> None:
        self.index = index
        self.generic_heads = generic_heads
        # Types of one Ozon category share their context, so its cover per subject repeats.
        self._context_cache: dict[tuple[frozenset[str], int], float] = {}

    def prepare(self, query: Query) -> PreparedQuery:
        return PreparedQuery(query, self.index, self.generic_heads)

    def _context(self, pq: PreparedQuery, item: IndexedSubject) -> float:
        key = (pq.query.context, id(item))
        cached = self._context_cache.get(key)
        if cached is None:
            cached = _weighted_cover(pq.context, pq.context_total, item.all_stems, frozenset())
            self._context_cache[key] = cached
        return cached

    def features(self, pq: PreparedQuery, item: IndexedSubject, affinity: float) -> Features:
        s = item.phrase
        heads = s.heads
        head = _best(pq.head_kin, heads)
        for kin in pq.cohead_kins:
            head = max(head, _COHEAD_FACTOR * _best(kin, heads))
        if not head and pq.generic and s.head in self.generic_heads:
            head = _GENERIC_PAIR
        # "Оголовье для сварочной маски" -> "Маски для сварщиков": WB often stops at the whole.
        complement = _best(pq.modifier_reach, heads)
        subject_total = 0.0
        subject_hit = 0.0
        for m in s.modifiers:
            weight = self.index.idf(m)
            subject_total += weight
            best = pq.reach.get(m, 0.0)
            if best < 1.0:
                best = max(best, _CONTEXT_FACTOR * pq.context_reach.get(m, 0.0))
            subject_hit += weight * best
        return Features(
            head=head * (0.5 if pq.generic else 1.0),
            complement_head=complement * (1.0 if pq.generic else 0.6),
            query_cover=_weighted_cover(pq.modifiers, pq.modifier_total, item.stems, item.parent_stems),
            subject_cover=subject_hit / subject_total if subject_total else 1.0,
            affinity=affinity,
            context=self._context(pq, item),
            exact=float(pq.stems == item.stems),
            penalty=pq.query.penalty,
        )

    def score(self, pq: PreparedQuery, item: IndexedSubject, affinity: float) -> float:
        return combine(self.features(pq, item, affinity))
