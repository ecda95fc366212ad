"""Curated, general domain knowledge shipped as data files under ``data/``.

Two kinds: general vocabulary that holds for types never seen before (word
synonyms, kinds of goods WB does not sell, which WB parents an Ozon top-level
category tends to land in), and ``curated_types.csv``, the team's own reading of
the Ozon tree for the types whose names share too little with WB's subjects for
the vocabulary to place them (keyed by Ozon type, with a fit grade).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from engine.category.text import Phrase, analyze_phrase, normalize


@dataclass(frozen=True, slots=True)
class Alias:
    """Rewrite rule: when every stem of ``source`` occurs in an Ozon name, try ``target`` instead."""

    source: frozenset[str]
    target: Phrase


@dataclass(frozen=True, slots=True)
class CuratedChoice:
    """A person's pick for one Ozon type; ``fit`` is exact, near or none (see the data file)."""

    subject_id: int | None
    alt_subject_id: int | None
    fit: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    combining_prefixes: tuple[str, ...]
    generic_heads: frozenset[str]
    aliases: tuple[Alias, ...]
    no_counterpart: tuple[frozenset[str], ...]
    top_affinity: dict[str, dict[str, float]]
    curated: dict[tuple[int, int], CuratedChoice]


def _data_lines(name: str) -> list[str]:
    text = resources.files("engine.category").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _data_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_data_lines(name)))


def _stems(text: str) -> frozenset[str]:
    return frozenset(analyze_phrase(text).stems)


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    aliases = tuple(
        Alias(source=_stems(row["ozon"]), target=analyze_phrase(row["wb"])) for row in _data_rows("aliases.csv")
    )
    affinity: dict[str, dict[str, float]] = {}
    for row in _data_rows("top_affinity.csv"):
        affinity.setdefault(normalize(row["ozon_top"]), {})[normalize(row["wb_parent"])] = float(row["weight"])
    return Knowledge(
        combining_prefixes=tuple(_data_lines("combining_prefixes.txt")),
        generic_heads=frozenset(analyze_phrase(w).head for w in _data_lines("generic_heads.txt")),
        aliases=aliases,
        no_counterpart=tuple(_stems(line) for line in _data_lines("no_counterpart.txt")),
        top_affinity=affinity,
        curated=_curated(),
    )


def _optional_int(text: str) -> int | None:
    return int(text) if text.strip() else None


def _curated() -> dict[tuple[int, int], CuratedChoice]:
    return {
        (int(row["description_category_id"]), int(row["type_id"])): CuratedChoice(
            _optional_int(row["subject_id"]), _optional_int(row["alt_subject_id"]), row["fit"]
        )
        for row in _data_rows("curated_types.csv")
    }
