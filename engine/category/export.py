"""The mapping CSV: one row per (enabled Ozon type, rank)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from engine.category.models import OzonType, OzonTypeKey, Suggestion

MAPPING_HEADER = (
    "description_category_id",
    "type_id",
    "ozon_path",
    "rank",
    "subject_id",
    "subject_name",
    "score",
)


def write_mapping_csv(
    path: str | Path,
    types: Iterable[OzonType],
    suggestions: Mapping[OzonTypeKey, list[Suggestion]],
) -> int:
    """Write the suggestions for ``types`` (in their order); returns the number of data rows."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(MAPPING_HEADER)
        for ozon_type in types:
            for rank, suggestion in enumerate(suggestions.get(ozon_type.key, []), start=1):
                writer.writerow(
                    (
                        ozon_type.description_category_id,
                        ozon_type.type_id,
                        ozon_type.path_text,
                        rank,
                        suggestion.subject_id,
                        suggestion.subject_name,
                        f"{suggestion.score:.4f}",
                    )
                )
                rows += 1
    return rows
