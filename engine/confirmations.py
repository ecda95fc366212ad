"""Which WB subject the seller settled on for each Ozon type, read from their edited workbook.

A row tells its Ozon type by its «Категория Ozon» text (the type's path in the Ozon tree) and
its final subject by «Предмет». A type's choice counts only when it is unambiguous and the
seller stands behind it:

- every row of the type names the same known WB subject (a cleared or unknown subject, or two
  different subjects, mean the seller has not settled: nothing is recorded for that type);
- at least one of those rows is not an untouched doubtful suggestion: the seller changed its
  subject, or ozwb was sure of it («Проверить предмет» is not «Да»). A low-confidence guess
  nobody looked at must not come back next time as a certainty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from engine.category.models import OzonType, OzonTypeKey
from engine.workbook import STATIC_KEYS, ReadRow, WorkbookContent

SUBJECT_KEY = STATIC_KEYS["subject"]
CHECK_KEY = STATIC_KEYS["subjectCheck"]
CATEGORY_KEY = STATIC_KEYS["ozonCategory"]
YES = "да"
_V = TypeVar("_V")


@dataclass(slots=True)
class Confirmations:
    """Choices to remember, and the Ozon types left out (by path text) with the reason."""

    choices: dict[OzonTypeKey, int] = field(default_factory=dict)
    disputed: list[str] = field(default_factory=list)  # rows of the type name different subjects
    unsettled: list[str] = field(default_factory=list)  # a row of the type has no subject from WB's list
    unknown_categories: int = 0  # rows whose «Категория Ozon» names no type of the tree


@dataclass(slots=True)
class _Votes:
    subjects: set[int | None] = field(default_factory=set)  # None: a row without a known subject
    vouched: bool = False


def collect_confirmations(
    content: WorkbookContent, ozon_types: Iterable[OzonType], subject_names: Mapping[int, str]
) -> Confirmations:
    """The seller's settled choices in ``content``; ``subject_names`` is WB's subject id -> name list."""
    types = _unique_index((_norm(t.path_text), t.key) for t in ozon_types)
    subjects = _unique_index((_norm(name), sid) for sid, name in subject_names.items())
    result = Confirmations()
    votes: dict[OzonTypeKey, _Votes] = {}
    paths: dict[OzonTypeKey, str] = {}
    for row in content.rows():
        category = _text(row.get(CATEGORY_KEY))
        if not category:
            continue
        key = types.get(_norm(category))
        if key is None:
            result.unknown_categories += 1
            continue
        paths[key] = category
        subject = subjects.get(_norm(_text(row.get(SUBJECT_KEY))))
        vote = votes.setdefault(key, _Votes())
        vote.subjects.add(subject)
        vote.vouched = vote.vouched or (subject is not None and _vouched(row, subject, subject_names))
    for key, vote in votes.items():
        if None in vote.subjects:
            result.unsettled.append(paths[key])
        elif len(vote.subjects) > 1:
            result.disputed.append(paths[key])
        elif vote.vouched:
            (subject_id,) = vote.subjects
            if subject_id is not None:
                result.choices[key] = subject_id
    result.disputed.sort()
    result.unsettled.sort()
    return result


def _vouched(row: ReadRow, subject_id: int, subject_names: Mapping[int, str]) -> bool:
    """The seller changed the row's subject away from its sheet's, or ozwb did not ask to check it."""
    if _norm(_text(row.get(CHECK_KEY))) != YES:
        return True
    home = row.table.subject_id
    if home:
        return home != subject_id
    # The no-subject sheet, or a sheet whose marker name was lost: its title is the subject's name.
    return _norm(row.table.title) != _norm(subject_names[subject_id])


def _unique_index(pairs: Iterable[tuple[str, _V]]) -> dict[str, _V]:
    """Name -> value, leaving out a name two different values share: it cannot tell them apart."""
    index: dict[str, _V] = {}
    clashes: set[str] = set()
    for name, value in pairs:
        if index.setdefault(name, value) != value:
            clashes.add(name)
    for name in clashes:
        del index[name]
    return index


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
