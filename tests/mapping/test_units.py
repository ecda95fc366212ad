import pytest

from engine.drafts import Dimensions
from engine.mapping.units import UnitError, convert_dimensions, parse_number, to_kg, to_whole_cm


@pytest.mark.parametrize(
    ("value", "unit", "cm"),
    [(100, "mm", 10), (101, "mm", 11), (10.0, "cm", 10), (10.2, "cm", 11), (4, "in", 11), (0.5, "m", 50)],
)
def test_lengths_round_up_to_whole_cm(value, unit, cm):
    assert to_whole_cm(value, unit) == cm


@pytest.mark.parametrize(("value", "unit", "kg"), [(250, "g", 0.25), (1.2345, "kg", 1.235), (1, "lb", 0.454)])
def test_weights_become_kg_with_three_decimals(value, unit, kg):
    assert to_kg(value, unit) == kg


def test_unknown_unit_is_a_clear_error():
    with pytest.raises(UnitError, match="единица"):
        to_whole_cm(1, "furlong")


def test_dimensions_from_ozon_fields():
    assert convert_dimensions(210, 140, 10, "mm", 50, "g") == Dimensions(21, 14, 1, 0.05)


@pytest.mark.parametrize("missing", [None, 0])
def test_missing_or_zero_dimensions_give_none(missing):
    assert convert_dimensions(missing, 10, 10, "cm", 100, "g") is None
    assert convert_dimensions(10, 10, 10, "cm", missing, "g") is None


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [("1,5 л", "мл", 1500.0), ("250", "мл", 250.0), ("20 см", "м", 0.2), ("5000 мАч", "мАч", 5000.0),
     ("12 Вт", "", 12.0), ("нет", "мл", None), ("2 кг", "см", None)],
)
def test_numbers_parse_with_units(text, unit, number):
    assert parse_number(text, unit) == number
