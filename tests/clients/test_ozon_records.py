"""The bulk read's own parsing of Ozon answer items (engine/ozon/records.py)."""

from decimal import Decimal

import pytest

from engine.errors import UnexpectedResponseError
from engine.ozon.product import Interner, OzonProduct, Stock
from engine.ozon.records import parse_details, parse_info, parse_prices, parse_stocks, read_item

PATH = "/v4/product/info/attributes"


def details(**changes: object) -> dict[str, object]:
    item: dict[str, object] = {
        "id": "1400000001", "offer_id": "TS-1", "sku": 0, "name": "Футболка", "barcodes": "4690000000016",
        "description_category_id": "200000933", "type_id": 93244, "depth": "300", "width": 250.0, "height": None,
        "dimension_unit": "mm", "weight": "0,2", "weight_unit": "kg", "primary_image": "",
        "images": [{"file_name": "https://cdn/b.jpg", "index": 1}, {"file_name": "https://cdn/a.jpg", "default": True}],
        "model_info": {"model_id": "77"},
        "attributes": [
            {"id": 4180, "values": [{"value": "Футболка"}]},
            {"id": "4191", "values": [{"value": "Первая строка"}, {"value": "вторая"}]},
            {"id": 10096, "values": [{"dictionaryValueId": 61571, "value": "белый"}, {"value": ""}]},
            {"id": 4383, "values": [{"value": 150}]},
        ],
    }
    item.update(changes)
    return item


def test_details_are_read_leniently_like_the_models():
    interner = Interner()
    pid, part = read_item(parse_details, details(), interner, PATH)
    assert pid == 1400000001 and part.sku == 0 and part.description_category_id == 200000933
    assert part.barcodes == ("4690000000016",) and part.model_id == 77
    assert part.images == ("https://cdn/a.jpg", "https://cdn/b.jpg") and part.primary_image == ()
    assert part.description == "Первая строка\nвторая"
    assert part.attributes.texts_of(10096) == ("белый",) and part.attributes.texts_of(4383) == ("150",)
    assert part.attributes.texts_of(4180)[0] is part.name  # one copy of the name
    assert part.package.depth == Decimal(300) and part.package.weight == Decimal("0.2")
    assert part.package.height is None and part.package.weight_unit == "kg"


def test_repeated_values_are_shared_between_products():
    interner = Interner()
    _, first = read_item(parse_details, details(), interner, PATH)
    _, second = read_item(parse_details, details(id=2, name="Другая"), interner, PATH)
    assert first.attributes.texts_of(10096) is second.attributes.texts_of(10096)
    assert first.package is second.package


@pytest.mark.parametrize("changes", [{"id": None}, {"weight": "тяжёлая"}, {"attributes": [{"values": []}]},
                                     {"attributes": [{"id": 1, "values": [{"value": {"x": 1}}]}]},
                                     {"model_info": {"model_id": "1.5"}}])
def test_a_malformed_item_fails_as_an_unexpected_answer_without_its_values(changes):
    with pytest.raises(UnexpectedResponseError) as caught:
        read_item(parse_details, details(**changes), Interner(), PATH)
    assert caught.value.path == PATH and "тяжёлая" not in str(caught.value)


def test_info_prices_and_stocks():
    interner = Interner()
    info = {"id": 5, "offer_id": 7, "name": None, "price": "990.00", "vat": "0.2", "is_archived": "true",
            "statuses": {"status_name": "Продается"}, "primary_image": ["https://cdn/p.jpg"]}
    pid, part = read_item(parse_info, info, interner, "/v3/product/info/list")
    assert (pid, part.offer_id, part.name, part.price, part.is_archived) == (5, "7", "", Decimal("990.00"), True)
    assert part.status.status_name == "Продается" and part.primary_image == ("https://cdn/p.jpg",)
    _, block = read_item(parse_prices, {"product_id": 5, "price": {"price": 99.5, "vat": 0}}, interner, "/p")
    assert block.price == Decimal("99.5") and block.vat == Decimal(0) and block.old_price is None
    _, stocks = read_item(parse_stocks, {"product_id": "5", "stocks": [{"type": "fbs", "present": "3"}]},
                          interner, "/s")
    assert stocks == (Stock("fbs", 3, 0),)


def test_a_product_built_by_hand_takes_any_attributes():
    class Attr:
        def __init__(self, id: int, texts: list[str]) -> None:
            self.id, self.texts = id, texts

    product = OzonProduct(product_id=1, offer_id="A", attributes=[Attr(85, ["Бренд"]), Attr(9048, [])])
    assert product.attribute_texts(85) == ["Бренд"] and product.attribute_texts(1) == []
    assert list(product.attribute_pairs()) == [(85, ("Бренд",)), (9048, ())]
    assert [a.id for a in product.attributes] == [85, 9048]
