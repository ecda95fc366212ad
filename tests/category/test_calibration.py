"""Scores that say what the suggestions are worth: no home on WB means no confident suggestion."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from engine.category import LOW_CONFIDENCE_THRESHOLD, CategoryMatcher, OzonType, WbSubject
from engine.category.knowledge import CuratedChoice, load_knowledge
from tests.category.conftest import find_type

MOTO = "Мототовары"
SNOWMOBILE = OzonType(17027951, 1, "Снегоход", ("Автомототехника", "Мототехника"))
CONTEXT = [
    SNOWMOBILE,
    OzonType(17027951, 2, "Мотоцикл", ("Автомототехника", "Мототехника")),
    OzonType(17027951, 3, "Квадроцикл", ("Автомототехника", "Мототехника")),
    OzonType(80, 4, "Ватрушка", ("Спорт и отдых", "Зимний спорт")),
]
SUBJECTS = [
    WbSubject(1, "Тенты для снегоходов", 10, MOTO),
    WbSubject(2, "Бамперы для снегоходов", 10, MOTO),
    WbSubject(3, "Мотоциклы", 10, MOTO),
    WbSubject(4, "Квадроциклы", 10, MOTO),
    WbSubject(5, "Снегокаты", 20, "Спортивный товар"),
    WbSubject(6, "Ватрушки", 20, "Спортивный товар"),
]


def _curated_matcher(subject_id: int | None, fit: str = "exact") -> CategoryMatcher:
    knowledge = dataclasses.replace(load_knowledge(), curated={SNOWMOBILE.key: CuratedChoice(subject_id, None, fit)})
    return CategoryMatcher(SUBJECTS, context=CONTEXT, knowledge=knowledge)


def test_a_pick_from_a_foreign_branch_for_goods_wb_only_has_parts_for_is_flagged() -> None:
    # WB says "снегоход" only in "... для снегоходов"; «Снегокаты» shares no word and lives under sport.
    best, *_ = _curated_matcher(5).suggest(SNOWMOBILE)
    assert best.subject_name == "Снегокаты"
    assert best.score < LOW_CONFIDENCE_THRESHOLD


@pytest.mark.parametrize(("subject_id", "why"), [(1, "shares the word"), (3, "its WB parent hosts the branch")])
def test_a_pick_that_fits_the_name_or_the_branch_keeps_its_grade(subject_id: int, why: str) -> None:
    best, *_ = _curated_matcher(subject_id).suggest(SNOWMOBILE)
    assert (best.subject_id, best.score) == (subject_id, 0.9), why


def test_a_type_named_like_a_wb_subject_is_not_doubted() -> None:
    sled = OzonType(80, 4, "Ватрушка", ("Спорт и отдых", "Зимний спорт"))
    best, *_ = CategoryMatcher(SUBJECTS, context=CONTEXT).suggest(sled)
    assert best.subject_name == "Ватрушки" and best.score >= LOW_CONFIDENCE_THRESHOLD


def test_none_without_a_fallback_caps_every_name_match() -> None:
    suggestions = _curated_matcher(None, "none").suggest(SNOWMOBILE)
    assert suggestions and all(s.score <= 0.05 for s in suggestions)


def test_none_with_a_fallback_leaves_no_confident_runner_up(
    matcher: CategoryMatcher, ozon_types: list[OzonType]
) -> None:
    # Curated none with a fallback subject; «Топливопроводы» used to follow it at 0.68.
    suggestions = matcher.suggest(find_type(ozon_types, "Топливо моторное"))
    assert suggestions and all(s.score < LOW_CONFIDENCE_THRESHOLD for s in suggestions)


def test_scores_never_rise_down_the_list(matcher: CategoryMatcher, ozon_types: list[OzonType]) -> None:
    curated = [t for t in ozon_types if t.key in matcher.knowledge.curated]
    for ozon_type in itertools.islice(curated, 0, None, 20):
        scores = [s.score for s in matcher.suggest(ozon_type)]
        assert scores == sorted(scores, reverse=True), ozon_type.path_text
