"""What a migration would do with a catalog, before anything is written anywhere."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from engine.category import LOW_CONFIDENCE_THRESHOLD, CategoryMatcher, OzonType, Suggestion, WbSubject
from engine.mapping.regroup import regroup
from engine.ozon.catalog import OzonProduct


@dataclass(frozen=True)
class SubjectLine:
    subject_name: str
    parent_name: str
    cards: int
    score: float  # the weakest suggestion among the Ozon types landing here


@dataclass
class CatalogPreview:
    products: int = 0
    archived: int = 0
    ozon_types: int = 0
    groups: int = 0
    cards: int = 0
    sizes: int = 0
    ambiguous_cards: int = 0
    low_confidence_types: int = 0
    unknown_types: int = 0  # products whose Ozon type is not in the category tree
    subjects: list[SubjectLine] = field(default_factory=list)


def preview_catalog(
    products: list[OzonProduct],
    ozon_types: list[OzonType],
    wb_subjects: list[WbSubject],
    *,
    include_archived: bool = False,
) -> CatalogPreview:
    """Regroup the catalog for WB and suggest a subject per Ozon type; count what would be created."""
    preview = CatalogPreview(products=len(products), archived=sum(p.archived for p in products))
    chosen = [p for p in products if include_archived or not p.archived]
    groups = regroup(chosen)
    preview.groups = len(groups)
    preview.cards = sum(len(g.cards) for g in groups)
    preview.sizes = sum(len(c.products) for g in groups for c in g.cards)
    preview.ambiguous_cards = sum(c.ambiguous for g in groups for c in g.cards)

    by_key = {t.key: t for t in ozon_types}
    matcher = CategoryMatcher(wb_subjects, context=ozon_types)
    best: dict[tuple[int, int], Suggestion | None] = {}
    cards_per_subject: Counter[tuple[str, str]] = Counter()
    weakest: dict[tuple[str, str], float] = {}
    for group in groups:
        for card in group.cards:
            first = card.products[0]
            key = (first.description_category_id or 0, first.type_id or 0)
            if key not in best:
                ozon_type = by_key.get(key)
                suggestions = matcher.suggest(ozon_type, k=1) if ozon_type else []
                best[key] = suggestions[0] if suggestions else None
            top = best[key]
            if top is None:
                continue
            name = (top.subject_name, top.parent_name)
            cards_per_subject[name] += 1
            weakest[name] = min(weakest.get(name, 1.0), top.score)
    preview.ozon_types = len(best)
    preview.unknown_types = sum(1 for key in best if key not in by_key)
    preview.low_confidence_types = sum(
        1 for s in best.values() if s is not None and s.score < LOW_CONFIDENCE_THRESHOLD
    )
    preview.subjects = [
        SubjectLine(subject, parent, count, weakest[(subject, parent)])
        for (subject, parent), count in cards_per_subject.most_common()
    ]
    return preview
