from engine.drafts import CharcSpec, CharcType, SubjectSpec
from engine.mapping.characteristics import fill_characteristics
from engine.mapping.dictionary import match_dictionary, vat_text

COLOURS = ("белый", "черный", "розовый", "темно-синий")
TSHIRTS = SubjectSpec(
    192, "Футболки", "Одежда",
    (
        CharcSpec(14177449, "Цвет", CharcType.STRING_LIST, max_count=2, dictionary=COLOURS, dictionary_name="colors"),
        CharcSpec(17596, "Пол", CharcType.STRING_LIST, max_count=1, required=True,
                  dictionary=("Мужской", "Женский", "Детский", "Унисекс"), dictionary_name="kinds"),
        CharcSpec(50172, "Сезон", CharcType.STRING_LIST, dictionary=("демисезон", "лето", "круглогодичный"),
                  dictionary_name="seasons"),
        CharcSpec(14177450, "Состав", CharcType.STRING_LIST, required=True),
        CharcSpec(89064, "Вес без упаковки (кг)", CharcType.NUMBER, unit="кг"),
        CharcSpec(15001405, "Ставка НДС", CharcType.STRING_LIST, dictionary=("0", "10", "20", "Без НДС"),
                  dictionary_name="vat"),
        CharcSpec(15000001, "ТНВЭД", CharcType.STRING_LIST, required_for_create=True),
        CharcSpec(59609, "Длина изделия", CharcType.NUMBER, unit="см"),
    ),
)
NAMES = {10096: "Цвет товара", 9163: "Пол", 4495: "Сезон", 4604: "Состав материала", 4383: "Вес товара, г",
         77777: "Длина изделия, мм", 4180: "Название"}


def test_known_attributes_fill_their_wb_characteristics():
    attributes = {
        10096: ["светло-розовый", "черный", "белый"],
        9163: ["Девочки"],
        4495: ["На любой сезон"],
        4604: ["95% хлопок, 5% эластан"],
        4383: ["250"],
        77777: ["700"],
        4180: ["Название не характеристика"],
    }
    fill = fill_characteristics(attributes, NAMES, TSHIRTS, extra={"ставка ндс": [vat_text(0.2)]})
    assert fill.values[14177449] == ["розовый", "черный"]  # cut to maxCount 2
    assert fill.values[17596] == ["Детский"]
    assert fill.values[50172] == ["круглогодичный"]
    assert fill.values[14177450] == ["95% хлопок, 5% эластан"]
    assert fill.values[89064] == 0.25  # grams to kg
    assert fill.values[59609] == 70.0  # matched by name, mm to cm
    assert fill.values[15001405] == ["20"]
    assert fill.missing_required == [15000001]
    assert any("не больше 2" in note for note in fill.notes)


def test_values_outside_the_wb_dictionary_are_dropped_with_a_note():
    fill = fill_characteristics({10096: ["перламутровый хамелеон"]}, NAMES, TSHIRTS)
    assert 14177449 not in fill.values
    assert any("нет в справочнике" in note for note in fill.notes)
    assert set(fill.missing_required) == {17596, 14177450, 15000001}


def test_dictionary_matching_is_case_and_yo_insensitive():
    assert match_dictionary("ЧЁРНЫЙ", COLOURS, "colors") == "черный"
    assert match_dictionary("Темно-Синий", COLOURS, "colors") == "темно-синий"
    assert match_dictionary("", COLOURS) is None


def test_vat_fraction_becomes_wb_rate():
    assert vat_text(0.2) == "20"
    assert vat_text(0.0) == "Без НДС"
    assert vat_text(None) == ""


def test_tnved_code_is_taken_from_ozon_text():
    codes = ("6109100000", "6110200000")
    assert match_dictionary("6109100000 - Футболки, майки", codes, "tnved") == "6109100000"
    assert match_dictionary("6109 - что-то", codes, "tnved") is None
