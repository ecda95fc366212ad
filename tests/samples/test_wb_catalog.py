"""Integrity of the WB subject tree and characteristics in samples/wb/."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from tests.samples.conftest import PAIR_SUBJECTS, SAMPLES, read_sample

DICTIONARIES = {"colors", "kinds", "countries", "seasons", "vat", "tnved"}
# Ids and names read off WB's own bulk-upload template and the research notes; they must never drift.
REAL_CHARC_NAMES = {
    14177446: "Бренд", 14177449: "Цвет", 14177450: "Состав", 14177451: "Страна производства",
    15001405: "Ставка НДС", 378533: "Комплектация", 90846: "Высота упаковки", 90849: "Длина упаковки",
    90745: "Ширина упаковки", 88953: "Вес с упаковкой (кг)", 89064: "Вес без упаковки (кг)",
}
# Package size and gross weight travel in the card's `dimensions`, brand in `brand`.
NAMED_FIELD_CHARCS = {14177446, 90846, 90849, 90745, 88953}
PACKAGE_CHARCS = {90846: "см", 90849: "см", 90745: "см", 88953: "кг"}
CHARC_KEYS = {
    "charcID", "subjectName", "subjectID", "name", "required", "unitName", "maxCount", "popular", "charcType",
    "hasFilter", "isVariable", "existNamedField", "isRequiredForCreate",
}


def all_charcs(charcs: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [item for items in charcs.values() for item in items]


def test_every_sample_file_is_valid_json():
    names = sorted(path.name for path in SAMPLES.glob("*.json"))
    assert names == ["charcs.json", "directories.json", "parents.json", "subjects.json", "warehouses.json"]
    for name in names:
        assert read_sample(name)


def test_parents_are_real_and_all_used(parents, subjects, real_parents):
    ids = [p["id"] for p in parents]
    assert len(ids) == len(set(ids))
    for parent in parents:
        assert parent == {"id": parent["id"], "name": real_parents[parent["id"]]["name"],
                          "isVisible": real_parents[parent["id"]]["isVisible"]}
    assert set(ids) == {s["parentID"] for s in subjects}


def test_subjects_are_real_rows_under_known_parents(subjects, parents, real_subjects):
    parent_names = {p["id"]: p["name"] for p in parents}
    ids = [s["subjectID"] for s in subjects]
    assert len(ids) == len(set(ids))
    assert len({s["subjectName"] for s in subjects}) == len(subjects)
    for subject in subjects:
        assert set(subject) == {"subjectID", "parentID", "subjectName", "parentName"}
        assert parent_names[subject["parentID"]] == subject["parentName"]
        real = real_subjects[subject["subjectID"]]
        assert (subject["subjectName"], subject["parentID"], subject["parentName"]) == (
            real["subjectName"], int(real["parentID"]), real["parentName"])


def test_subjects_cover_the_pairs_and_their_neighbours(subjects):
    by_id = {s["subjectID"]: s for s in subjects}
    for subject_id, (name, parent_id, parent_name) in PAIR_SUBJECTS.items():
        assert (by_id[subject_id]["subjectName"], by_id[subject_id]["parentID"],
                by_id[subject_id]["parentName"]) == (name, parent_id, parent_name)
    neighbours = Counter(s["parentID"] for s in subjects if s["subjectID"] not in PAIR_SUBJECTS)
    assert sum(neighbours.values()) >= 55
    assert set(neighbours) == {parent for _, parent, _ in PAIR_SUBJECTS.values()}


def test_every_pair_subject_has_charcs_of_a_known_subject(charcs, subjects):
    names = {s["subjectID"]: s["subjectName"] for s in subjects}
    assert {int(key) for key in charcs} >= set(PAIR_SUBJECTS)
    for key, items in charcs.items():
        assert int(key) in names
        assert len(items) >= 10, key
        for item in items:
            assert item["subjectID"] == int(key)
            assert item["subjectName"] == names[int(key)]


def test_charc_items_carry_every_field(charcs):
    for item in all_charcs(charcs):
        assert set(item) - {"dictionary"} == CHARC_KEYS, item
        assert isinstance(item["name"], str) and item["name"].strip() == item["name"] != ""
        assert isinstance(item["maxCount"], int) and item["maxCount"] >= 0


def test_charc_ids_are_unique_per_subject(charcs):
    for key, items in charcs.items():
        ids = [item["charcID"] for item in items]
        assert len(ids) == len(set(ids)), key
        names = [item["name"] for item in items]
        assert len(names) == len(set(names)), key


def test_charc_id_means_the_same_everywhere(charcs):
    meanings: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
    for item in all_charcs(charcs):
        meanings[item["charcID"]].add((item["name"], item["charcType"], item["unitName"], item["existNamedField"],
                                       item.get("dictionary"), item["isVariable"]))
    drifting = {charc_id: found for charc_id, found in meanings.items() if len(found) > 1}
    assert drifting == {}
    by_name: dict[str, set[int]] = defaultdict(set)
    for charc_id, found in meanings.items():
        by_name[next(iter(found))[0]].add(charc_id)
    assert {name: ids for name, ids in by_name.items() if len(ids) > 1} == {}


def test_real_template_ids_keep_their_real_names(charcs):
    names = {item["charcID"]: item["name"] for item in all_charcs(charcs)}
    for charc_id, name in REAL_CHARC_NAMES.items():
        assert names[charc_id] == name


def test_charc_types_and_counts_follow_wb_rules(charcs):
    for item in all_charcs(charcs):
        assert item["charcType"] in {1, 4}, item
        if item["charcType"] == 4:
            # A number takes exactly one value; WB reports maxCount 0 for numbers.
            assert item["maxCount"] == 0, item
            assert item["unitName"], item
            assert "dictionary" not in item, item


def test_dictionaries_are_known_and_exist(charcs, directories):
    used = set()
    for key, items in charcs.items():
        for item in items:
            if "dictionary" not in item:
                continue
            name = item["dictionary"]
            used.add(name)
            assert name in DICTIONARIES, item
            assert item["charcType"] == 1, item
            entries = directories[name][key] if name == "tnved" else directories[name]
            assert entries, (key, name)
    assert used == DICTIONARIES


def test_dictionary_charcs_are_the_wb_ones(charcs):
    expected = {14177449: "colors", 14177451: "countries", 15001405: "vat"}
    for item in all_charcs(charcs):
        if item["charcID"] in expected:
            assert item["dictionary"] == expected[item["charcID"]]
        if item.get("dictionary") in {"kinds", "seasons", "tnved"}:
            assert item["name"] == {"kinds": "Пол", "seasons": "Сезон", "tnved": "ТНВЭД"}[item["dictionary"]]


def test_colour_is_the_variable_characteristic(charcs):
    for item in all_charcs(charcs):
        assert item["isVariable"] == (item["charcID"] == 14177449), item
        if item["charcID"] == 14177449:
            assert (item["name"], item["charcType"], item["maxCount"], item["dictionary"]) == ("Цвет", 1, 5, "colors")


def test_each_subject_has_one_to_three_required_charcs(charcs):
    for key, items in charcs.items():
        required = [item for item in items if item["required"]]
        assert 1 <= len(required) <= 3, key
        for item in items:
            if item["isRequiredForCreate"]:
                assert item["required"], item
    creating = {key for key, items in charcs.items() if any(item["isRequiredForCreate"] for item in items)}
    assert {"336", "593", "468", "192"} <= creating
    assert len(creating) < len(charcs) // 2
    assert all(sum(item["isRequiredForCreate"] for item in charcs[key]) <= 2 for key in creating)


def test_named_fields_and_package_charcs(charcs):
    for key, items in charcs.items():
        by_id = {item["charcID"]: item for item in items}
        for charc_id, unit in PACKAGE_CHARCS.items():
            assert by_id[charc_id]["charcType"] == 4, key
            assert by_id[charc_id]["unitName"] == unit, key
        named = {item["charcID"] for item in items if item["existNamedField"]}
        assert named == NAMED_FIELD_CHARCS & set(by_id), key
        assert 14177446 in by_id, key
        for common in (14177451, 15001405, 15000001, 378533):
            assert common in by_id, (key, common)


def test_domain_characteristics_are_present(charcs):
    def names(subject_id: int) -> set[str]:
        return {item["name"] for item in charcs[str(subject_id)]}

    for subject_id in (192, 69, 180, 11, 184, 1724, 168, 162):
        assert {"Цвет", "Пол", "Состав", "Сезон", "Длина изделия", "Рост модели на фото"} <= names(subject_id)
    for subject_id in (105, 94, 100):
        assert {"Материал подошвы", "Материал стельки", "Высота каблука"} <= names(subject_id)
    assert {"Диаметр", "Совместимость с индукцией"} <= names(704)
    assert {"Объем", "Совместимость с индукцией"} <= names(823)
    assert {"Мощность", "Разъем"} <= names(765)
    assert {"Длина кабеля", "Разъем"} <= names(519)
    assert "Емкость аккумулятора" in names(468)
    for subject_id in (358, 357, 347):
        assert {"Объем товара", "Назначение"} <= names(subject_id)
    assert "Тип кожи" in names(357)
    for subject_id in (268, 125, 117):
        assert {"Возрастные ограничения", "Материал изделия"} <= names(subject_id)
    for subject_id in (197, 254, 321, 336):
        assert "Размер" in names(subject_id)
    for subject_id in (197, 254, 321):
        assert "Плотность ткани" in names(subject_id)
