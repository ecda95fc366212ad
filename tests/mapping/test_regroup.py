from engine.mapping.regroup import colour_of, regroup, sizes_of, wb_colour_key
from engine.ozon.catalog import OzonProduct
from engine.ozon.models import AttributeValue, ProductAttribute, ProductListItem


def product(pid: int, offer: str, model: int | None = None, **attrs: list[str]) -> OzonProduct:
    ids = {"colour": 10096, "colour_name": 10097, "size": 4295, "maker": 9533, "model_name": 9048, "brand": 85}
    attributes = [
        ProductAttribute(id=ids[name], values=[AttributeValue(value=v) for v in values])
        for name, values in attrs.items()
    ]
    return OzonProduct(
        product_id=pid, offer_id=offer, model_id=model, attributes=attributes,
        description_category_id=200000933, type_id=93244,
        listing=ProductListItem(product_id=pid, offer_id=offer),
    )


def test_model_becomes_a_group_and_each_colour_a_card_with_its_sizes():
    products = [
        product(1, "TS-RED-S", 7, colour=["красный"], size=["44"]),
        product(2, "TS-RED-M", 7, colour=["красный"], size=["46"]),
        product(3, "TS-BLK-S", 7, colour=["черный"], size=["44"]),
        product(4, "MUG-1", None),
    ]
    groups = regroup(products)
    assert [g.key for g in groups] == ["p4", "m7"]
    model = groups[1]
    assert [c.colour for c in model.cards] == ["красный", "черный"]
    assert [p.offer_id for p in model.cards[0].products] == ["TS-RED-M", "TS-RED-S"]


def test_unmoderated_products_group_by_the_merge_attribute():
    products = [
        product(1, "A-1", None, model_name=["Лето"], colour=["белый"], size=["44"]),
        product(2, "A-2", None, model_name=["лето"], colour=["синий"], size=["44"]),
        product(3, "B-1", None, model_name=["Зима"], colour=["белый"], size=["44"]),
    ]
    groups = regroup(products)
    assert sorted(len(g.cards) for g in groups) == [1, 2]


def test_same_colour_without_sizes_is_not_merged_silently():
    products = [product(1, "X-1", 5, colour=["белый"]), product(2, "X-2", 5, colour=["белый"])]
    groups = regroup(products)
    # two cards, and not in one group: WB could not tell them apart there
    assert [(g.key, len(g.cards)) for g in groups] == [("m5", 1), ("m5-2", 1)]
    assert all(card.ambiguous for g in groups for card in g.cards)


def test_shades_of_one_base_colour_never_share_a_group():
    products = [
        product(1, "B-BEI-36", 3, colour=["бежевый"], size=["36"]),
        product(2, "B-SAND-36", 3, colour=["Бежевый"], colour_name=["песочный"], size=["36"]),
        product(3, "B-BRN-36", 3, colour=["коричневый"], colour_name=["коньячный"], size=["36"]),
        product(4, "B-CHOC-36", 3, colour=["коричневый"], colour_name=["шоколадный"], size=["36"]),
        product(5, "B-BLK-36", 3, colour=["черный"], size=["36"]),
        product(6, "B-CREAM-36", 3, colour=["бежевый"], colour_name=["кремовый"], size=["36"]),
    ]
    groups = regroup(products)
    assert [(g.key, [c.colour for c in g.cards]) for g in groups] == [
        ("m3", ["бежевый", "коричневый (коньячный)", "черный"]),
        ("m3-2", ["бежевый (кремовый)", "коричневый (шоколадный)"]),
        ("m3-3", ["бежевый (песочный)"]),
    ]
    for group in groups:
        keys = [wb_colour_key(c) for c in group.cards]
        assert len(set(keys)) == len(keys)
    # nothing lost, every product still in exactly one card
    assert sorted(p.product_id for g in groups for c in g.cards for p in c.products) == [1, 2, 3, 4, 5, 6]


def test_more_than_30_colours_split_into_several_groups():
    products = [product(i, f"C-{i:03}", 9, colour=[f"цвет{i:03}"], size=["44"]) for i in range(35)]
    groups = regroup(products)
    assert [len(g.cards) for g in groups] == [30, 5]
    assert groups[0].key == "m9" and groups[1].key == "m9-2"


def test_adjacent_russian_sizes_are_joined_and_maker_size_is_tech_size():
    assert sizes_of(product(1, "a", size=["48;50"])) == ("48-50", "48-50")
    assert sizes_of(product(1, "a", size=["48", "50"], maker=["M"])) == ("M", "48-50")


def test_colour_order_does_not_matter():
    a = product(1, "a", colour=["черный", "белый"])
    b = product(2, "b", colour=["белый", "черный"])
    assert colour_of(a) == colour_of(b) == "белый, черный"
