import pytest

from engine.mapping.barcodes import gtin_check_digit, is_valid_ean13, is_valid_gtin
from engine.mapping.pricing import PriceRule, Rounding, WbPrice, apply_rounding, convert_price, parse_money
from engine.mapping.vendor_codes import WB_VENDOR_CODE_LIMIT, derive_vendor_code, make_unique


def test_ean13_check_digit():
    assert gtin_check_digit("460123456789") == 3
    assert is_valid_ean13("4601234567893")
    assert not is_valid_ean13("4601234567890")
    assert not is_valid_ean13("46012345678")
    assert is_valid_gtin("96385074")  # GTIN-8


def test_vendor_code_is_the_common_prefix_of_size_offers():
    assert derive_vendor_code(["TS-001-RED-M", "TS-001-RED-S"]) == "TS-001-RED"


def test_vendor_code_is_stable_and_fits_wb():
    offers = ["X" * 100 + "-S", "X" * 100 + "-M"]
    first = derive_vendor_code(offers)
    assert first == derive_vendor_code(list(reversed(offers)))
    assert len(first) <= WB_VENDOR_CODE_LIMIT


def test_vendor_code_without_common_prefix_falls_back_to_a_hash():
    code = derive_vendor_code(["AB1", "ZZ9"], colour="красный")
    assert code.startswith("AB1-") and code.endswith("-красный")


def test_make_unique_adds_a_stable_suffix():
    taken = {"TS-1"}
    assert make_unique("TS-1", taken, "p1") == make_unique("TS-1", taken, "p1") != "TS-1"
    assert make_unique("TS-2", taken, "p1") == "TS-2"


@pytest.mark.parametrize(("raw", "value"), [("1299.00", 1299.0), (1299, 1299.0), ("", None), ("0", None), ("x", None)])
def test_money_parses_ozon_strings_and_numbers(raw, value):
    assert parse_money(raw) == value


@pytest.mark.parametrize(
    ("amount", "rule", "result"),
    [(1234.4, Rounding.RUBLE, 1234), (1234.5, Rounding.RUBLE, 1235), (1231, Rounding.UP_10, 1240),
     (1201, Rounding.UP_100, 1300), (1234, Rounding.END_99, 1299), (1299, Rounding.END_99, 1299)],
)
def test_rounding_rules(amount, rule, result):
    assert apply_rounding(amount, rule) == result


def test_price_keeps_ozon_discount_and_applies_markup():
    assert convert_price("1299.00", "1599.00", PriceRule(markup_percent=10, rounding=Rounding.END_99)) == WbPrice(
        1799, 19
    )


def test_price_without_old_price_has_no_discount():
    assert convert_price(1000, None, PriceRule(markup_percent=20)) == WbPrice(1200, 0)
    assert convert_price(None, 1000, PriceRule()) is None
