"""The sample loader, and a real object/all dump replacing the sample subjects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.config import SandboxConfig
from sandbox.wb.directory import DirectoryError, load_directory
from tests.sandbox_wb.helpers import WbClient, fresh_seller, wait_for

REAL_DUMP = Path("/work/shared/research/data/malinatrash_basis-front/category.json")


@pytest.fixture
def tiny(tmp_path):
    (tmp_path / "subjects.json").write_text(json.dumps(
        [{"subjectID": 5, "parentID": 9, "subjectName": "Пледы", "parentName": "Дом"},
         {"subjectID": 6, "parentID": 9, "subjectName": "Подушки", "parentName": "Дом"}]), encoding="utf-8")
    (tmp_path / "charcs.json").write_text(json.dumps({"5": [
        {"charcID": 1, "subjectName": "Пледы", "subjectID": 5, "name": "Цвет", "charcType": 1, "maxCount": 2,
         "dictionary": "colors"}]}), encoding="utf-8")
    (tmp_path / "directories.json").write_text(json.dumps({"colors": [{"name": "белый", "parentName": "белый"}]}),
                                               encoding="utf-8")
    return tmp_path


def test_loader_derives_parents_and_fills_charc_defaults(tiny):
    directory = load_directory(tiny)
    assert directory.parents == [{"id": 9, "name": "Дом", "isVisible": True}]
    (colour,) = directory.charcs_of(5)
    assert colour.dictionary == "colors" and "dictionary" not in colour.public
    assert colour.public["required"] is False and colour.public["isVariable"] is False
    assert directory.allowed_values("colors", 5) == {"белый"}


def test_subjects_without_sample_charcs_get_a_generic_set(tiny):
    names = {c.name for c in load_directory(tiny).charcs_of(6)}
    assert {"Цвет", "Комплектация", "Страна производства", "Длина упаковки", "Вес с упаковкой (кг)"} <= names
    assert load_directory(tiny).charcs_of(404) == []


def test_a_broken_sample_file_is_a_directory_error(tiny):
    (tiny / "charcs.json").write_text("{", encoding="utf-8")
    with pytest.raises(DirectoryError):
        load_directory(tiny)


def test_subjects_file_must_be_an_object_all_dump(tiny):
    bogus = tiny / "bogus.json"
    bogus.write_text("[]", encoding="utf-8")
    with pytest.raises(DirectoryError):
        load_directory(tiny, subjects_file=bogus)


def test_real_dump_replaces_subjects_and_any_subject_takes_a_card(start_sandbox):
    config = SandboxConfig(speed=1000, card_creation_delay=100, wb_subjects_file=REAL_DUMP)
    with start_sandbox(config) as sandbox:
        client = WbClient(sandbox.url, fresh_seller())
        subjects = client.get("/content/v2/object/all", params={"limit": 1000, "offset": 7000}).json()["data"]
        assert len(subjects) == 239  # 7,239 subjects in the dump
        glasses = client.get("/content/v2/object/all", params={"name": "3D очки"}).json()["data"]
        assert glasses[0]["subjectID"] == 2560
        parents = client.get("/content/v2/object/parent/all").json()["data"]
        assert {"id": 479, "name": "Электроника", "isVisible": True} in parents
        card = {"vendorCode": "glasses-1", "title": "Очки 3D",
                "characteristics": [{"id": 14177449, "value": ["черный"]}, {"id": 14177451, "value": ["Китай"]}]}
        assert client.upload({"subjectID": 2560, "variants": [card]}).status_code == 200
        assert wait_for(lambda: client.card("glasses-1"))["subjectName"] == "3D очки"
