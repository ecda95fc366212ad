"""Which WB parents an Ozon category tends to map to, learnt without labels.

Ozon types whose lemmatised name equals a WB subject name ("Аквариум" ->
"Аквариумы") are near-certain pairs; counting their WB parents per Ozon category
(and per Ozon top-level category) gives a context prior for the hard types of
the same category. Curated top-level affinities fill in where anchors are few.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from engine.category.index import SubjectIndex
from engine.category.models import OzonType
from engine.category.text import analyze_phrase, normalize

_CATEGORY_PRIOR = 1.0
_TOP_PRIOR = 4.0


class ParentAffinity:
    def __init__(self, index: SubjectIndex, curated: dict[str, dict[str, float]]) -> None:
        self._curated = curated
        self._by_category: dict[int, Counter[str]] = defaultdict(Counter)
        self._by_top: dict[str, Counter[str]] = defaultdict(Counter)
        self._by_stems: dict[frozenset[str], set[str]] = defaultdict(set)
        for item in index.subjects:
            self._by_stems[item.stems].add(normalize(item.subject.parent_name))

    def learn(self, types: Iterable[OzonType]) -> None:
        for ozon_type in types:
            parents = self._by_stems.get(frozenset(analyze_phrase(ozon_type.type_name).stems))
            if not parents or len(parents) > 1:
                continue
            parent = next(iter(parents))
            self._by_category[ozon_type.description_category_id][parent] += 1
            self._by_top[normalize(ozon_type.top_name)][parent] += 1

    def weight(self, ozon_type: OzonType, parent_name: str) -> float:
        parent = normalize(parent_name)
        top = normalize(ozon_type.top_name)
        cat_counts = self._by_category.get(ozon_type.description_category_id)
        cat = cat_counts[parent] / (cat_counts.total() + _CATEGORY_PRIOR) if cat_counts else 0.0
        top_counts = self._by_top.get(top)
        top_learnt = top_counts[parent] / (top_counts.total() + _TOP_PRIOR) if top_counts else 0.0
        curated = self._curated.get(top, {}).get(parent, 0.0)
        return 0.6 * cat + 0.4 * max(top_learnt, curated)
