"""The sample catalog: realism, determinism, size, adversarial products."""

import json
import time
from collections import Counter, defaultdict

import pytest

from sandbox.catalog import DEFAULT_GENERATED, Product, generate_catalog, is_valid_ean13
from sandbox.catalog.__main__ import main, render_catalog
from sandbox.catalog.ean import ean13_check_digit
from sandbox.catalog.samples import adversarial_products, dictionaries, ozon_samples_dir, type_templates


@pytest.fixture(scope="module")
def catalog():
    return generate_catalog()


def attr_texts(product: Product, attribute_id: int) -> list[str]:
    found = product.attribute(attribute_id)
    return [text for _, text in found.values] if found else []


def test_committed_catalog_json_is_the_generator_output(catalog):
    committed = (ozon_samples_dir() / "catalog.json").read_text(encoding="utf-8")
    assert committed == render_catalog(catalog), "run: python -m sandbox.catalog --out samples/ozon/catalog.json"


def test_cli_writes_the_requested_size(tmp_path):
    out = tmp_path / "c.json"
    assert main(["--out", str(out), "--size", "37", "--seed", "5"]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["products"]) == 37


def test_default_catalog_is_realistic(catalog):
    adversarial = adversarial_products()
    assert len(catalog) == DEFAULT_GENERATED + len(adversarial) >= 400
    pairs = {(p.description_category_id, p.type_id) for p in catalog}
    assert pairs == {tuple(int(x) for x in key.split("/")) for key in type_templates()}
    assert len({p.description_category_id for p in catalog}) >= 8
    assert {p.dimension_unit for p in catalog} >= {"mm", "cm"}
    assert {p.weight_unit for p in catalog} >= {"g", "kg"}
    assert {p.vat for p in catalog} >= {"0.2", "0.1"}
    for p in catalog:
        assert p.price.count(".") == 1 and len(p.price.split(".")[1]) == 2
        assert float(p.old_price) == 0 or float(p.old_price) > float(p.price)


def test_product_ids_unique_and_offer_ids_unique_except_the_archive_reuse(catalog):
    assert len({p.product_id for p in catalog}) == len(catalog)
    repeated = [o for o, n in Counter(p.offer_id for p in catalog).items() if n > 1]
    assert repeated == ["LM-MG-REUSE-01"]
    pair = [p for p in catalog if p.offer_id == "LM-MG-REUSE-01"]
    assert sorted(p.archived for p in pair) == [False, True]


def test_every_barcode_is_a_valid_unique_ean13(catalog):
    for products in (catalog, generate_catalog(3000, seed=9)):
        barcodes = [b for p in products for b in p.barcodes]
        assert all(is_valid_ean13(b) for b in barcodes)
        assert len(set(barcodes)) == len(barcodes)
    counts = Counter(len(p.barcodes) for p in catalog)
    assert counts[0] >= 1 and counts[2] >= 1 and counts[1] > len(catalog) * 0.8


def test_ean13_check_digit_known_value():
    assert ean13_check_digit("460123456789") == 3  # 4+18+0+3+2+9+4+15+6+21+8+27 = 117
    assert ean13_check_digit("400638133393") == 1  # a published EAN: 4006381333931
    assert is_valid_ean13("4601234567893")
    assert not is_valid_ean13("4601234567894")


def test_models_group_colour_and_size_variants(catalog):
    models = defaultdict(list)
    for p in catalog:
        if p.model_id:
            models[p.model_id].append(p)
    multi = [group for group in models.values() if len(group) > 1]
    assert len(multi) > 20
    for group in models.values():
        assert {p.model_count for p in group} == {len(group)}
        assert len({(p.description_category_id, p.type_id) for p in group}) == 1
        assert len({tuple(attr_texts(p, 8292) or attr_texts(p, 9048)) for p in group}) == 1
        variants = {(tuple(attr_texts(p, 10096)), tuple(attr_texts(p, 4295))) for p in group}
        assert len(variants) == len(group)  # colour x size tells the variants apart
    apparel = [g for g in multi if g[0].description_category_id == 200000933]
    assert any(len({tuple(attr_texts(p, 10096)) for p in g}) > 1 for g in apparel)


def test_unmoderated_products_keep_9048(catalog):
    new = [p for p in catalog if p.sku == 0]
    assert len(new) >= 2
    for p in new:
        assert p.model_id == 0 and p.model_count == 0
        assert attr_texts(p, 9048)


def test_attribute_values_come_from_the_shipped_dictionaries(catalog):
    known = {(int(d), v["id"], v["value"]) for d, values in dictionaries().items() for v in values}
    dict_of = {85: 28732849, 31: 28732849, 10096: 1494, 4389: 1935, 9163: 320, 4495: 703, 4295: 835}
    for p in catalog:
        for a in p.attributes:
            if a.id in dict_of:
                for dvid, text in a.values:
                    assert (dict_of[a.id], dvid, text) in known


def test_adversarial_products_are_in_the_default_catalog(catalog):
    by_offer = {p.offer_id: p for p in catalog if not p.archived}
    assert by_offer["ADV-FORMULA-01"].name.startswith("=")
    assert len(by_offer["ADV-LONG-01"].name) == 300
    assert "🐱" in by_offer["ADV-EMOJI-01"].name
    assert "<script>" in by_offer["ADV-HTML-01"].description
    assert all(getattr(by_offer["ADV-NODIM-ZERO"], k) == 0 for k in ("depth", "width", "height", "weight"))
    assert by_offer["ADV-NODIM-ABSENT"].depth is None and by_offer["ADV-NODIM-ABSENT"].weight_unit is None
    assert by_offer["ADV-IMG-OBJECTS"].images_as_objects
    assert attr_texts(by_offer["ADV-SIZE2-48"], 4295) == ["48", "50"]
    assert any("corrupt-" in i for i in by_offer["ADV-PHOTO-CORRUPT"].images)
    assert any("huge-" in i for i in by_offer["ADV-PHOTO-HUGE"].images)
    assert by_offer["ADV-NO-BARCODE"].barcodes == ()


def test_same_seed_same_catalog_other_seed_other_catalog():
    first = generate_catalog(500, seed=3)
    assert first == generate_catalog(500, seed=3)
    assert [p.to_dict() for p in first] != [p.to_dict() for p in generate_catalog(500, seed=4)]


@pytest.mark.parametrize("size", [0, 1, 5, 20, 21, 22, 777])
def test_catalog_size_is_exact(size):
    products = generate_catalog(size, seed=2)
    assert len(products) == size
    adversarial = {p.product_id for p in adversarial_products()}
    included = {p.product_id for p in products} & adversarial
    assert included == (adversarial if size >= len(adversarial) else set())


def test_ten_thousand_products_are_quick():
    started = time.perf_counter()
    products = generate_catalog(10_000, seed=1)
    assert len(products) == 10_000
    assert time.perf_counter() - started < 5
    assert len({p.product_id for p in products}) == 10_000
