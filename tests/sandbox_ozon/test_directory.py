"""Category tree, attribute definitions and dictionary values."""

import pytest

PAIR = {"description_category_id": 200000933, "type_id": 93244}


def test_tree_is_top_category_type(ozon):
    data = ozon.post("/v1/description-category/tree", json={"language": "DEFAULT"}).json()
    tops = data["result"]
    assert {t["category_name"] for t in tops} >= {"Одежда", "Обувь", "Электроника", "Дом и сад"}
    pairs = set()
    for top in tops:
        assert {"description_category_id", "category_name", "disabled", "children"} <= set(top)
        for category in top["children"]:
            for leaf in category["children"]:
                assert set(leaf) == {"type_id", "type_name", "disabled", "children"} and leaf["children"] == []
                pairs.add((category["description_category_id"], leaf["type_id"]))
    assert len(pairs) == 34 and (200000933, 93244) in pairs and (62573858, 97200) in pairs
    assert ozon.post("/v1/description-category/tree", json={}).json() == data
    assert ozon.post("/v1/description-category/tree", json={"language": "KLINGON"}).status_code == 400


def test_attributes_of_a_type(ozon):
    items = ozon.post("/v1/description-category/attribute", json=PAIR).json()["result"]
    by_id = {a["id"]: a for a in items}
    assert {31, 8229, 4180, 4191, 8292, 10096, 10097, 4295, 9533, 9163, 4495, 4389, 22232} <= set(by_id)
    fields = {"id", "attribute_complex_id", "name", "description", "type", "is_collection", "is_required",
              "is_aspect", "max_value_count", "group_id", "group_name", "dictionary_id", "category_dependent",
              "complex_is_collection"}
    assert all(set(a) == fields for a in items)
    assert by_id[4295]["is_aspect"] and by_id[4295]["is_collection"] and by_id[4295]["dictionary_id"] == 835
    assert by_id[8292]["is_required"] and by_id[10096]["is_required"]
    pan = {"description_category_id": 17028732, "type_id": 92462}
    pan_ids = {a["id"] for a in ozon.post("/v1/description-category/attribute", json=pan).json()["result"]}
    assert 85 in pan_ids and 9048 in pan_ids and 4295 not in pan_ids


@pytest.mark.parametrize("body", [{"description_category_id": 1, "type_id": 2}, {"type_id": 93244}, {}])
def test_attributes_of_an_unknown_or_missing_pair_are_rejected(ozon, body):
    response = ozon.post("/v1/description-category/attribute", json=body)
    assert response.status_code == 400 and response.json()["code"] == 3


def test_attribute_values_page_with_last_value_id(ozon):
    body = {**PAIR, "attribute_id": 10096, "limit": 7}
    values, last = [], 0
    while True:
        data = ozon.post("/v1/description-category/attribute/values", json={**body, "last_value_id": last}).json()
        assert set(data) == {"result", "has_next"}
        values.extend(data["result"])
        if not data["has_next"]:
            break
        last = data["result"][-1]["id"]
    names = [v["value"] for v in values]
    assert len(names) == len(set(names)) >= 16 and "черный" in names and "мультиколор" in names
    assert all(set(v) == {"id", "value", "info", "picture"} for v in values)


def test_attribute_values_details(ozon, sandbox):
    brands = ozon.post("/v1/description-category/attribute/values",
                       json={**PAIR, "attribute_id": 31, "limit": 2000}).json()["result"]
    assert {"Северная Нить", "Urban Fox", "Нет бренда"} <= {b["value"] for b in brands}
    assert any(b["picture"].startswith(f"{sandbox.url}/cdn/img/") for b in brands)
    types = ozon.post("/v1/description-category/attribute/values",
                      json={**PAIR, "attribute_id": 8229, "limit": 100}).json()["result"]
    assert {t["value"] for t in types} == {"Футболка", "Платье", "Джинсы", "Брюки", "Рубашка", "Худи", "Куртка",
                                           "Пижама"}
    free_text = ozon.post("/v1/description-category/attribute/values",
                          json={**PAIR, "attribute_id": 4180, "limit": 10}).json()
    assert free_text == {"result": [], "has_next": False}
    too_many = ozon.post("/v1/description-category/attribute/values", json={**PAIR, "attribute_id": 31, "limit": 2001})
    assert too_many.status_code == 400
