"""Payloads built from the validated model, and how they are cut into WB requests."""

import json

from engine.push.payloads import (
    MAX_BODY_BYTES,
    batches,
    card_update,
    card_variant,
    variant_json,
    wb_value,
    with_barcodes,
)
from engine.wb.models import dump
from tests.push.builders import card, row


def test_variant_carries_every_card_field_as_wb_spells_it():
    built = dump(card_variant(card("M-1", [row("M-1", 5, tech_size="S", wb_size="42", barcodes=("4600000000012",)),
                                            row("M-1", 6, tech_size="M", wb_size="44")])))
    assert built == {
        "vendorCode": "M-1", "title": "Кружка M-1", "description": "Кружка для чая.", "brand": "КухняПро",
        "dimensions": {"length": 12, "width": 9, "height": 10, "weightBrutto": 0.35},
        "characteristics": [{"id": 17008, "value": ["керамика"]}, {"id": 14177449, "value": ["белый"]},
                            {"id": 15003008, "value": 350}],
        "sizes": [{"techSize": "S", "wbSize": "42", "skus": ["4600000000012"]}, {"techSize": "M", "wbSize": "44",
                                                                                  "skus": []}],
    }
    assert json.loads(variant_json(card("M-1")))["vendorCode"] == "M-1"


def test_numbers_go_whole_when_they_are_and_lists_stay_lists():
    assert wb_value(350.0) == 350 and isinstance(wb_value(350.0), int)
    assert wb_value(0.35) == 0.35
    assert wb_value(["a", "b"]) == ["a", "b"]


def test_generated_barcodes_fill_only_the_sizes_without_one():
    variant = {"vendorCode": "X", "sizes": [{"techSize": "S", "skus": ["111"]}, {"techSize": "M", "skus": []}]}
    filled = with_barcodes(variant, [[], ["222"]])
    assert filled["sizes"] == [{"techSize": "S", "skus": ["111"]}, {"techSize": "M", "skus": ["222"]}]


def test_update_keeps_every_field_and_names_each_known_size_by_chrt_id():
    variant = dump(card_variant(card("M-1", [row("M-1", 5, tech_size="S", barcodes=("1",)),
                                             row("M-1", 6, tech_size="M", barcodes=("2",))])))
    update = dump(card_update(variant, 777, [2**40, None]))
    assert update["nmID"] == 777 and update["title"] == "Кружка M-1" and update["characteristics"]
    assert [s.get("chrtID") for s in update["sizes"]] == [2**40, None]  # None: a new size, added by WB
    assert all("price" not in s for s in update["sizes"])


def test_batches_respect_the_count_limit():
    sizes = [len(b) for b in batches(range(250), max_items=100, size_of=lambda _: 10)]
    assert sizes == [100, 100, 50]


def test_batches_respect_the_ten_megabyte_limit_and_send_a_giant_alone():
    three_mb = 3 * 1024 * 1024
    cut = list(batches([three_mb] * 7, max_items=100, size_of=lambda n: n))
    assert [len(b) for b in cut] == [3, 3, 1]
    assert all(sum(b) + len(b) + 2 <= MAX_BODY_BYTES for b in cut)
    giant = list(batches([1, 11 * 1024 * 1024, 1], max_items=100, size_of=lambda n: n))
    assert [len(b) for b in giant] == [1, 1, 1]
