"""What a column of a subject sheet is, and the static columns every data sheet has.

Column keys are the defined names WB's own bulk template puts on its header cells
(``static_<field>_<t>`` / ``characteristic_<charcID>_<t>``, t = 0 string, 1 list of
strings, 4 number), so a sheet stays machine-readable after the seller moves columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnKind(StrEnum):
    EDITABLE = "editable"  # the seller fills or corrects it
    SOURCE = "source"  # copied from Ozon or computed by ozwb, for reference only
    RESULT = "result"  # empty until the push writes what WB answered


class Level(StrEnum):
    CARD = "card"  # the same on every size row of one card (vendorCode)
    SIZE = "size"  # differs between the size rows of one card


@dataclass(frozen=True, slots=True)
class NumericRule:
    """What Excel accepts in a number column; shown as a warning, never a hard stop (like WB's template)."""

    whole: bool
    minimum: float
    maximum: float


ANY_NUMBER = NumericRule(whole=False, minimum=-999_999_999, maximum=999_999_999)
NON_NEGATIVE = NumericRule(whole=False, minimum=0, maximum=999_999_999)
COUNT = NumericRule(whole=True, minimum=0, maximum=999_999_999)
STOCK = NumericRule(whole=True, minimum=0, maximum=100_000)  # WB refuses a larger amount
PERCENT = NumericRule(whole=True, minimum=0, maximum=99)
GROUP = NumericRule(whole=True, minimum=1, maximum=999_999_999)


@dataclass(frozen=True, slots=True, eq=False)
class Column:
    """One column of a data sheet: its header, hint, defined name and rules."""

    key: str  # the defined name on the header cell; also the reader's column key
    header: str
    hint: str
    group: str
    kind: ColumnKind
    level: Level = Level.CARD
    field: str = ""  # static field name ("vendorCode"); "" for a subject characteristic
    charc_id: int | None = None  # the WB characteristic this column carries, if any
    numeric: NumericRule | None = None  # None: a text column
    multi: bool = False  # several values joined with ";"
    dropdown: tuple[str, ...] = ()  # allowed values (a lookup list), or empty
    dropdown_name: str = ""  # which list the dropdown is, for the lookup sheet's title row
    strict: bool = False  # dropdown refuses other values (subject) instead of warning
    fixed_set: bool = False  # dropdown is a tiny fixed set (Да/Нет) that may be an inline list
    required: bool = False
    required_for_create: bool = False
    max_length: int = 0  # text length limit shown as a warning, 0 = none
    width: float = 16
    number_format: str = ""

    @property
    def type_suffix(self) -> int:
        return int(self.key.rsplit("_", 1)[1])

    @property
    def editable(self) -> bool:
        return self.kind is ColumnKind.EDITABLE


def static_key(field: str, type_suffix: int) -> str:
    return f"static_{field}_{type_suffix}"


def charc_key(charc_id: int, type_suffix: int) -> str:
    return f"characteristic_{charc_id}_{type_suffix}"


def stock_key(warehouse_id: int) -> str:
    return static_key(f"stock_{warehouse_id}", 4)


def key_charc_id(key: str) -> int | None:
    """The charcID in ``characteristic_<id>_<t>``, else None."""
    parts = key.split("_")
    if len(parts) == 3 and parts[0] == "characteristic" and parts[1].isdigit():
        return int(parts[1])
    return None


def key_warehouse_id(key: str) -> int | None:
    parts = key.split("_")
    if len(parts) == 4 and parts[:2] == ["static", "stock"] and parts[2].isdigit():
        return int(parts[2])
    return None


# WB's template gives these card fields pseudo-characteristic ids; we keep its names.
TITLE_CHARC = 15000000
DESCRIPTION_CHARC = 14177452
BARCODES_CHARC = 14177453
BRAND_CHARC = 14177446
VAT_CHARC = 15001405
LENGTH_CHARC = 90849
WIDTH_CHARC = 90745
HEIGHT_CHARC = 90846
WEIGHT_CHARC = 88953
TITLE_LIMIT = 60

G_MAIN = "Основная информация"
G_SIZES = "Размеры и баркоды"
G_PRICES = "Цены"
G_PACKAGE = "Габариты упаковки"
G_STOCKS = "Остатки на складах WB"
G_CHARCS = "Характеристики предмета"
G_OZON = "Из Ozon — не меняйте"
G_RESULT = "Результат переноса — заполнит ozwb"

E, S, R = ColumnKind.EDITABLE, ColumnKind.SOURCE, ColumnKind.RESULT
CARD, SIZE = Level.CARD, Level.SIZE

# In sheet order. The subject-dependent parts (description limit, required flags of the
# characteristics these columns stand for, the subject list) are filled in by the layout.
HEAD_COLUMNS: tuple[Column, ...] = (
    Column("static_groupID_4", "Группа", "Карточки с одним номером группы и одним предметом WB объединит в одну "
           "(выбор цвета). Пусто — карточка сама по себе", G_MAIN, E, field="groupID", numeric=GROUP, width=9),
    Column("static_vendorCode_0", "Артикул продавца", "Артикул карточки на WB, до 72 символов. Одинаковый во всех "
           "строках-размерах одной карточки", G_MAIN, E, field="vendorCode", required=True, width=24),
    Column(charc_key(TITLE_CHARC, 0), "Наименование", "Название на WB, не длиннее 60 символов",
           G_MAIN, E, field="title", charc_id=TITLE_CHARC, required=True, max_length=TITLE_LIMIT, width=42),
    Column("static_ozonName_0", "Название на Ozon", "Полное название товара на Ozon, для сравнения",
           G_MAIN, S, field="ozonName", width=42),
    Column("static_subject_0", "Предмет", "Выберите из списка WB. Сменили предмет — переложите таблицу "
           "(веб-сервис: кнопка «Переложить таблицу»; командная строка: «ozwb refresh»), "
           "строка переедет на лист нового предмета", G_MAIN, E, field="subject", required=True, strict=True,
           dropdown_name="Предметы WB", width=28),
    Column("static_subjectCheck_0", "Проверить предмет", "«Да» — ozwb не уверен в предмете, проверьте его",
           G_MAIN, S, field="subjectCheck", width=11),
    Column("static_subjectConfidence_4", "Уверенность", "Насколько ozwb уверен в предложенном предмете",
           G_MAIN, S, field="subjectConfidence", numeric=NON_NEGATIVE, width=12, number_format="0%"),
    Column("static_subjectAlternatives_0", "Другие подходящие предметы", "Варианты 2 и 3 с уверенностью",
           G_MAIN, S, field="subjectAlternatives", width=34),
    Column(charc_key(BRAND_CHARC, 1), "Бренд", "Бренд товара", G_MAIN, E, field="brand", charc_id=BRAND_CHARC,
           width=18),
    Column(charc_key(DESCRIPTION_CHARC, 0), "Описание", "Описание без HTML", G_MAIN, E, field="description",
           charc_id=DESCRIPTION_CHARC, width=48),
    Column("static_photo_1", "Фото", "Ссылки на фото через «;», до 30 штук, от 700×900 px", G_MAIN, E,
           field="photo", multi=True, width=40),
    Column(charc_key(VAT_CHARC, 1), "Ставка НДС", "Значение из списка", G_MAIN, E, field="vat", charc_id=VAT_CHARC,
           dropdown_name="НДС", width=12),
    Column("static_techSize_0", "Размер", "Размер продавца, например S или 42", G_SIZES, E, SIZE, field="techSize",
           width=10),
    Column("static_wbSize_0", "Рос. размер", "Российский размер, например 48", G_SIZES, E, SIZE, field="wbSize",
           width=10),
    Column(charc_key(BARCODES_CHARC, 1), "Баркоды", "Баркоды размера через «;»", G_SIZES, E, SIZE,
           field="barcodes", charc_id=BARCODES_CHARC, multi=True, width=18),
    Column("static_price_4", "Цена, ₽", "Целое число рублей до скидки", G_PRICES, E, SIZE, field="price",
           numeric=COUNT, width=10),
    Column("static_discount_4", "Скидка, %", "Целое число от 0 до 99", G_PRICES, E, SIZE, field="discount",
           numeric=PERCENT, width=10),
    Column(charc_key(LENGTH_CHARC, 4), "Длина упаковки, см", "Целое число сантиметров", G_PACKAGE, E,
           field="length", charc_id=LENGTH_CHARC, numeric=COUNT, width=10),
    Column(charc_key(WIDTH_CHARC, 4), "Ширина упаковки, см", "Целое число сантиметров", G_PACKAGE, E,
           field="width", charc_id=WIDTH_CHARC, numeric=COUNT, width=10),
    Column(charc_key(HEIGHT_CHARC, 4), "Высота упаковки, см", "Целое число сантиметров", G_PACKAGE, E,
           field="height", charc_id=HEIGHT_CHARC, numeric=COUNT, width=10),
    Column("static_weightBrutto_4", "Вес с упаковкой, кг", "Килограммы, до 3 знаков после запятой", G_PACKAGE, E,
           field="weightBrutto", charc_id=WEIGHT_CHARC, numeric=NON_NEGATIVE, width=10),
)

TAIL_COLUMNS: tuple[Column, ...] = (
    Column("static_ozonOfferId_0", "Артикул Ozon", "offer_id товара на Ozon", G_OZON, S, SIZE,
           field="ozonOfferId", width=18),
    Column("static_ozonProductId_4", "product_id Ozon", "", G_OZON, S, SIZE, field="ozonProductId",
           numeric=COUNT, width=13),
    Column("static_ozonSku_4", "SKU Ozon", "", G_OZON, S, SIZE, field="ozonSku", numeric=COUNT, width=13),
    Column("static_ozonCategory_0", "Категория Ozon", "Категория / тип на Ozon", G_OZON, S, field="ozonCategory",
           width=30),
    Column("static_ozonValues_0", "Характеристики на Ozon", "Значения Ozon текстом, чтобы заполнить пустое",
           G_OZON, S, field="ozonValues", width=40),
    Column("static_mappingNotes_0", "Замечания ozwb", "Что ozwb не смог перенести сам", G_OZON, S,
           field="mappingNotes", width=30),
    Column("static_status_0", "Статус", "Итог переноса строки", G_RESULT, R, SIZE, field="status", width=14),
    Column("static_nmID_4", "Артикул WB", "nmID созданной карточки", G_RESULT, R, field="nmID", numeric=COUNT,
           width=13),
    Column("static_imtID_4", "imtID", "Группа карточек на WB", G_RESULT, R, field="imtID", numeric=COUNT, width=13),
    Column("static_chrtID_4", "chrtID", "Размер на WB", G_RESULT, R, SIZE, field="chrtID", numeric=COUNT, width=13),
    Column("static_wbMessage_0", "Сообщение WB", "Ошибка или замечание WB", G_RESULT, R, SIZE, field="wbMessage",
           width=40),
    Column("static_stepCard_0", "Шаг: карточка", "", G_RESULT, R, field="stepCard", width=12),
    Column("static_stepPhotos_0", "Шаг: фото", "", G_RESULT, R, field="stepPhotos", width=12),
    Column("static_stepPrice_0", "Шаг: цена", "", G_RESULT, R, SIZE, field="stepPrice", width=12),
    Column("static_stepStock_0", "Шаг: остатки", "", G_RESULT, R, SIZE, field="stepStock", width=12),
)

STATIC_KEYS: dict[str, str] = {c.field: c.key for c in HEAD_COLUMNS + TAIL_COLUMNS}
"""Static field name -> column key (defined name), for the validator and the push."""

COVERED_CHARCS: dict[int, str] = {
    c.charc_id: c.key for c in HEAD_COLUMNS if c.charc_id is not None
}
"""charcIDs a static column stands for (WB sends them as named card fields), so no separate column exists."""
