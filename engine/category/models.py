"""Plain value types shared by the category loaders, matcher and exporter."""

from __future__ import annotations

from dataclasses import dataclass

OzonTypeKey = tuple[int, int]
"""(description_category_id, type_id): a type id alone is not unique in the Ozon tree."""


@dataclass(frozen=True, slots=True)
class WbSubject:
    """One WB subject (``GET /content/v2/object/all`` item)."""

    subject_id: int
    subject_name: str
    parent_id: int
    parent_name: str


@dataclass(frozen=True, slots=True)
class OzonType:
    """One leaf of the Ozon description-category tree, with the names on its path."""

    description_category_id: int
    type_id: int
    type_name: str
    path: tuple[str, ...]
    disabled: bool = False

    @property
    def key(self) -> OzonTypeKey:
        return (self.description_category_id, self.type_id)

    @property
    def top_name(self) -> str:
        return self.path[0] if self.path else ""

    @property
    def category_name(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def path_text(self) -> str:
        return " / ".join((*self.path, self.type_name))


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A WB subject proposed for an Ozon type; ``score`` estimates the chance it is right."""

    subject_id: int
    subject_name: str
    parent_name: str
    score: float
