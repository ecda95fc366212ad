"""Does a WB subject fit an Ozon type at all? A check on a pick, independent of how it was made.

A pick "fits" when the subject shares a word (or its kin) with the Ozon type's name, its category's
name or an alias rewrite of the name, when the subject's WB parent is where goods of the type's Ozon
category or top-level category go, or when WB has subjects *named* by the type's head word. A pick
failing all three is the signature of goods WB has no home for: WB knows the word only as what its
parts and accessories are for ("Тенты для снегоходов", but no snowmobiles), and the pick is a
neighbour from another branch.
"""

from __future__ import annotations

from engine.category.affinity import ParentAffinity
from engine.category.index import IndexedSubject, SubjectIndex
from engine.category.knowledge import Alias
from engine.category.models import OzonType
from engine.category.text import analyze_phrase

# Below this share of an Ozon category's (or top category's) anchors, a WB parent is foreign to it.
FOREIGN_PARENT = 0.02


class SubjectFit:
    def __init__(self, index: SubjectIndex, aliases: tuple[Alias, ...], affinity: ParentAffinity) -> None:
        self._index = index
        self._aliases = aliases
        self._affinity = affinity
        self._named: dict[str, bool] = {}  # head word -> _head_names_subjects, asked once per word

    def fits(self, ozon_type: OzonType, item: IndexedSubject) -> bool:
        phrase = analyze_phrase(ozon_type.type_name)
        if self._head_names_subjects(phrase.head):
            return True
        if self._affinity.weight(ozon_type, item.subject.parent_name) >= FOREIGN_PARENT:
            return True
        words = set(phrase.stems) | set(analyze_phrase(ozon_type.category_name).stems)
        for alias in self._aliases:
            if alias.source <= set(phrase.stems):
                words.update(alias.target.stems)
        return any(stem in item.all_stems for word in words for stem in self._index.kin(word))

    def _head_names_subjects(self, head: str) -> bool:
        """True unless WB uses the head word, but never as a subject's own head (only "для X")."""
        known = self._named.get(head)
        if known is None:
            kin = self._index.kin(head)
            used = any(stem in self._index.by_stem for stem in kin)
            known = self._named[head] = not used or any(self._index.by_head.get(stem) for stem in kin)
        return known
