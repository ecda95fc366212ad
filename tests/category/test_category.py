"""Category matching: morphology, known pairs, seller overrides, CSV output and the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli.match_categories import register
from engine.category import (
    LOW_CONFIDENCE_THRESHOLD,
    MAPPING_HEADER,
    CategoryDataError,
    CategoryMatcher,
    OzonType,
    load_ozon_types,
    load_wb_subjects,
    write_mapping_csv,
)
from engine.category.text import analyze_phrase
from tests.category.conftest import DEV_PATH, OZON_PATH, WB_PATH
from tests.category.conftest import find_type as _type

# --- loaders -------------------------------------------------------------------------------


def test_loaders_read_the_raw_api_shapes(ozon_types: list[OzonType]) -> None:
    subjects = load_wb_subjects(WB_PATH)
    assert len(subjects) == 7239
    assert len({s.parent_name for s in subjects}) == 78
    assert len(ozon_types) == 15353
    assert sum(t.disabled for t in ozon_types) == 430
    assert len({t.key for t in ozon_types}) == len(ozon_types)
    first = ozon_types[0]
    assert first.path == ("Строительство и ремонт", "Электрика")
    assert first.path_text.endswith(" / " + first.type_name)


def test_loaders_accept_small_files_of_the_same_shape(tmp_path: Path) -> None:
    wb = tmp_path / "wb.json"
    wb.write_text(
        json.dumps({"data": [{"subjectID": 1, "parentID": 2, "subjectName": "Стулья", "parentName": "Мебель"}]}),
        encoding="utf-8",
    )
    tree = tmp_path / "tree.json"
    leaf = {"type_id": 7, "type_name": "Стул", "disabled": False, "children": []}
    category = {"description_category_id": 5, "category_name": "Стулья", "disabled": True, "children": [leaf]}
    top = {"description_category_id": 4, "category_name": "Мебель", "disabled": False, "children": [category]}
    tree.write_text(json.dumps({"result": [top]}), encoding="utf-8")
    (subject,) = load_wb_subjects(wb)
    (ozon_type,) = load_ozon_types(tree)
    assert subject.subject_name == "Стулья"
    assert ozon_type.key == (5, 7)
    assert ozon_type.disabled  # a disabled category disables its types


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "file not found"), ("{oops", "not valid JSON"), ('{"result": 5}', "expected an Ozon category tree")],
)
def test_loaders_reject_bad_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "tree.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CategoryDataError, match=message):
        load_ozon_types(path)


# --- morphology ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ozon", "wb"),
    [
        ("Сумка пляжная", "Сумки пляжные"),
        ("Петля для двери", "Петли дверные"),
        ("Рашгард", "Рашгарды"),
        ("Вышка-тура", "Вышки-туры"),
        ("Альпинистские кошки", "Кошки альпинистские"),
        ("Утеплитель для теплого пола", "Утеплители для теплых полов"),
    ],
)
def test_singular_and_plural_names_share_head_and_stems(ozon: str, wb: str) -> None:
    a, b = analyze_phrase(ozon), analyze_phrase(wb)
    assert a.head == b.head
    assert set(a.stems) == set(b.stems)


def test_head_is_the_noun_not_the_leading_adjective() -> None:
    assert analyze_phrase("Распределительный шкаф").head == analyze_phrase("Шкаф").head
    assert analyze_phrase("Рабочие перчатки").head == analyze_phrase("Перчатки").head
    assert analyze_phrase("Мини-холодильники для косметики").head == analyze_phrase("Холодильник").head


def test_coordinated_nouns_are_all_heads() -> None:
    phrase = analyze_phrase("Таблички и наклейки информационные")
    assert analyze_phrase("Наклейка").head in phrase.heads


# --- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "category", "subject_name"),
    [
        ("Телевизор", "Телевизоры", "Телевизоры"),
        ("Пенал", "Пенал", "Пеналы"),
        ("Краситель пищевой", None, "Красители пищевые"),
        ("Донный клапан", None, "Донные клапаны"),
        ("Сумка для ноутбука", None, "Сумки для ноутбуков"),
        ("Запчасть для духового шкафа", None, "Запчасти для духового шкафа"),
    ],
)
def test_known_pairs_rank_first_with_confidence(
    matcher: CategoryMatcher, ozon_types: list[OzonType], type_name: str, category: str | None, subject_name: str
) -> None:
    (best, *_) = matcher.suggest(_type(ozon_types, type_name, category))
    assert best.subject_name == subject_name
    assert best.score >= LOW_CONFIDENCE_THRESHOLD


def test_suggestions_are_three_ranked_probabilities(matcher: CategoryMatcher, ozon_types: list[OzonType]) -> None:
    suggestions = matcher.suggest(_type(ozon_types, "Стул"))
    assert len(suggestions) == 3
    scores = [s.score for s in suggestions]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_confirmed_choice_wins(ozon_types: list[OzonType]) -> None:
    chair = _type(ozon_types, "Стул")
    subjects = load_wb_subjects(WB_PATH)
    aquariums = next(s for s in subjects if s.subject_name == "Аквариумы")
    matcher = CategoryMatcher(subjects, confirmed={chair.key: aquariums.subject_id}, context=ozon_types)
    first, *rest = matcher.suggest(chair)
    assert (first.subject_id, first.score) == (aquariums.subject_id, 1.0)
    assert len(rest) == 2
    assert aquariums.subject_id not in {s.subject_id for s in rest}


def test_types_with_no_wb_counterpart_are_flagged(matcher: CategoryMatcher) -> None:
    for name in ("Маркетинговое вложение", "Услуга по установке кондиционера", "Подарочный сертификат"):
        fake = OzonType(1, 2, name, ("Разное", "Разное"))
        suggestions = matcher.suggest(fake)
        assert all(s.score < LOW_CONFIDENCE_THRESHOLD for s in suggestions), name


def test_dev_none_rows_score_below_threshold(matcher: CategoryMatcher, ozon_types: list[OzonType]) -> None:
    by_key = {t.key: t for t in ozon_types}
    with DEV_PATH.open(encoding="utf-8") as fh:
        none_rows = [r for r in csv.DictReader(fh) if not r["wb_subject_ids"].strip()]
    assert none_rows
    below = 0
    for row in none_rows:
        suggestions = matcher.suggest(by_key[(int(row["description_category_id"]), int(row["type_id"]))])
        below += not suggestions or suggestions[0].score < LOW_CONFIDENCE_THRESHOLD
    assert below == len(none_rows)


# --- CSV and CLI ---------------------------------------------------------------------------


def test_mapping_csv_format(matcher: CategoryMatcher, ozon_types: list[OzonType], tmp_path: Path) -> None:
    sample = [t for t in ozon_types if not t.disabled][:5]
    out = tmp_path / "mapping.csv"
    rows = write_mapping_csv(out, sample, matcher.suggest_all(sample))
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        body = list(reader)
    assert header == list(MAPPING_HEADER)
    assert ",".join(header) == "description_category_id,type_id,ozon_path,rank,subject_id,subject_name,score"
    assert rows == len(body) == 15
    assert [r[3] for r in body[:3]] == ["1", "2", "3"]
    assert body[0][2] == sample[0].path_text
    assert all(0.0 <= float(r[6]) <= 1.0 for r in body)


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def noop() -> None:  # a second command keeps typer from collapsing into a single-command app
        """Unused."""

    return app


def test_cli_writes_rows_for_enabled_types(tmp_path: Path) -> None:
    wb = tmp_path / "wb.json"
    wb.write_text(
        json.dumps(
            {
                "data": [
                    {"subjectID": 1714, "parentID": 1, "subjectName": "Стулья", "parentName": "Мебель"},
                    {"subjectID": 495, "parentID": 2, "subjectName": "Аквариумы", "parentName": "Товары для животных"},
                ]
            }
        ),
        encoding="utf-8",
    )
    leaves = [
        {"type_id": 10, "type_name": "Стул", "disabled": False, "children": []},
        {"type_id": 11, "type_name": "Табурет", "disabled": True, "children": []},
    ]
    tree = tmp_path / "tree.json"
    category = {"description_category_id": 5, "category_name": "Стулья", "disabled": False, "children": leaves}
    top = {"description_category_id": 4, "category_name": "Мебель", "disabled": False, "children": [category]}
    tree.write_text(json.dumps({"result": [top]}), encoding="utf-8")
    out = tmp_path / "mapping.csv"
    args = ["match-categories", "--wb-subjects", str(wb), "--ozon-tree", str(tree), "--out", str(out)]
    result = CliRunner().invoke(_cli(), args)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["type_id"] for r in rows} == {"10"}
    assert rows[0]["subject_id"] == "1714"
    assert rows[0]["ozon_path"] == "Мебель / Стулья / Стул"


@pytest.mark.parametrize("broken", ["missing", "invalid", "wrong-shape"])
def test_cli_reports_bad_input_in_one_line(tmp_path: Path, broken: str) -> None:
    wb = tmp_path / "wb.json"
    if broken == "invalid":
        wb.write_text("{not json", encoding="utf-8")
    elif broken == "wrong-shape":
        wb.write_text('{"result": []}', encoding="utf-8")
    args = ["match-categories", "--wb-subjects", str(wb), "--ozon-tree", str(OZON_PATH), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(_cli(), args)
    assert result.exit_code == 2
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    message = result.stderr.strip() if result.stderr_bytes is not None else result.output.strip()
    assert message.startswith("Ошибка: ")
    assert "\n" not in message
    assert "Traceback" not in result.output
