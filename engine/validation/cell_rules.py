"""What each column of a data sheet accepts, as plain rules with Russian messages.

A rule looks at one cell; rules that compare rows (duplicates, cards, groups) live in ``rows_rules``.
``schemas`` turns these into pandera checks. Every test returns True for a value it does not judge
(a text in a number column fails only "not a number", not also "out of range").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.drafts import CharcSpec, CharcType, SubjectSpec
from engine.issues import IssueCode
from engine.validation.context import SheetContext, SubjectBook, norm
from engine.validation.values import (
    ReadValue,
    bad_barcodes,
    decimals_of,
    emoji_in,
    forbidden_in,
    is_gtin,
    is_url,
    number_of,
    shown,
    split_list,
    text_of,
)
from engine.workbook.columns import STOCK, TITLE_LIMIT, Column, key_warehouse_id

VENDOR_CODE_LIMIT = 72
PHOTO_LIMIT = 30
WEIGHT_DECIMALS = 3
DISCOUNT_MAX = 99

Test = Callable[[ReadValue], bool]
Message = Callable[[ReadValue], str]


@dataclass(frozen=True, slots=True)
class CellRule:
    code: IssueCode
    test: Test  # True: the cell is fine (or not this rule's business)
    message: Message


@dataclass(frozen=True, slots=True)
class ColumnRules:
    required: str  # the message for an empty cell, "" when the column may stay empty
    rules: tuple[CellRule, ...]


def _number_rules(header: str, *, whole: bool, low: float | None, high: float | None, low_open: bool = False,
                  unit: str = "", decimals: int | None = None) -> list[CellRule]:
    def numeric(v: ReadValue) -> bool:
        return number_of(v, unit) is not None

    rules = [CellRule(IssueCode.NOT_A_NUMBER, numeric, lambda v: _not_a_number(header, v, unit))]
    if whole:
        rules.append(CellRule(
            IssueCode.NOT_WHOLE, lambda v: float(number_of(v, unit) or 0).is_integer(),
            lambda v: f"«{header}»: нужно целое число, а не {shown(v)}."))
    if decimals is not None:
        rules.append(CellRule(
            IssueCode.TOO_PRECISE, lambda v: decimals_of(number_of(v, unit) or 0) <= decimals,
            lambda v: f"«{header}»: не больше {decimals} знаков после запятой, а указано {shown(v)}."))

    def within(v: ReadValue) -> bool:
        n = number_of(v, unit)
        if n is None:
            return True
        above = n > low if low_open and low is not None else low is None or n >= low
        return above and (high is None or n <= high)

    rules.append(CellRule(IssueCode.OUT_OF_RANGE, within, lambda v: f"«{header}»: {_range_text(low, high, low_open)}, "
                                                                     f"а указано {shown(v)}."))
    return rules


def _not_a_number(header: str, value: ReadValue, unit: str) -> str:
    tail = f" (единица — {unit})" if unit else ""
    return f"«{header}»: нужно число без лишних слов{tail}, а указано «{shown(value)}»."


def _range_text(low: float | None, high: float | None, low_open: bool) -> str:
    if low is not None and high is not None:
        return f"нужно число от {low:g} до {high:g}"
    if low is not None:
        return f"нужно число больше {low:g}" if low_open else f"нужно число не меньше {low:g}"
    return f"нужно число не больше {high:g}"


def _length_rule(header: str, limit: int) -> CellRule:
    return CellRule(IssueCode.TOO_LONG, lambda v: len(text_of(v)) <= limit,
                    lambda v: f"«{header}»: не длиннее {limit} символов, а здесь {len(text_of(v))}.")


def _forbidden_rule(header: str) -> CellRule:
    def message(v: ReadValue) -> str:
        text = text_of(v)
        if forbidden_in(text) == "emoji":
            return f"«{header}»: WB не принимает эмодзи и значки ({emoji_in(text)}) — удалите их."
        return f"«{header}»: WB запрещает адреса электронной почты в этом поле — удалите адрес."

    return CellRule(IssueCode.FORBIDDEN_TEXT, lambda v: not forbidden_in(text_of(v)), message)


def _dictionary_rule(header: str, allowed: tuple[str, ...]) -> CellRule:
    known = {norm(a) for a in allowed}

    def test(v: ReadValue) -> bool:
        return all(norm(item) in known for item in split_list(v))

    def message(v: ReadValue) -> str:
        wrong = [item for item in split_list(v) if norm(item) not in known]
        listed = ", ".join(f"«{shown(w, 30)}»" for w in wrong[:3])
        return f"«{header}»: {listed} нет в списке WB — выберите значение из выпадающего списка."

    return CellRule(IssueCode.NOT_IN_DICTIONARY, test, message)


def _count_rule(header: str, limit: int, what: str) -> CellRule:
    return CellRule(IssueCode.TOO_MANY_VALUES, lambda v: len(split_list(v)) <= limit,
                    lambda v: f"«{header}»: не больше {limit} {what}, а указано {len(split_list(v))}.")


def _required_text(header: str, charc: CharcSpec | None) -> str:
    if charc is not None and charc.required_for_create:
        return f"«{header}»: обязательное поле — без него WB не создаст карточку."
    return f"«{header}»: обязательное поле, заполните его."


def rules_for(context: SheetContext, key: str, book: SubjectBook) -> ColumnRules | None:
    """The rules of one column of the sheet (or of a required one it lacks); None: nothing to check."""
    column = context.statics.get(key)
    if column is not None:
        return _static_rules(context, key, column, book)
    if key_warehouse_id(key) is not None:
        header = context.header(key)
        return ColumnRules("", tuple(_number_rules(header, whole=True, low=STOCK.minimum, high=STOCK.maximum)))
    charc = context.charcs.get(key) or context.missing.get(key)
    return _charc_rules(context, key, charc) if charc is not None else None


def _static_rules(context: SheetContext, key: str, column: Column, book: SubjectBook) -> ColumnRules:
    """Rules of a static column; a column standing for a characteristic also gets that charc's flags."""
    header = context.header(key)
    charc = context.covered.get(key) or context.missing.get(key)
    if not column.editable:
        return ColumnRules("", ())
    required = column.required or (charc is not None and (charc.required or charc.required_for_create))
    rules = list(_FIELD_RULES.get(column.field, _no_rules)(header, context, book))
    if charc is not None and charc.dictionary:
        rules.append(_dictionary_rule(header, charc.dictionary))
    return ColumnRules(_required_text(header, charc) if required else "", tuple(rules))


def _charc_rules(context: SheetContext, key: str, charc: CharcSpec) -> ColumnRules:
    header = context.header(key)
    required = _required_text(header, charc) if charc.required or charc.required_for_create else ""
    if charc.charc_type is CharcType.NUMBER or key.endswith("_4"):
        # WB publishes no range for a characteristic's number: it only has to be one (its unit may follow).
        numeric = _number_rules(header, whole=False, low=None, high=None, unit=charc.unit)[0]
        return ColumnRules(required, (numeric,))
    rules: list[CellRule] = []
    if charc.max_count:
        rules.append(_count_rule(header, charc.max_count, "значений через «;»"))
    if charc.dictionary:
        rules.append(_dictionary_rule(header, charc.dictionary))
    return ColumnRules(required, tuple(rules))


def _no_rules(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return []


def _group(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return _number_rules(header, whole=True, low=1, high=None)


def _vendor_code(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return [_length_rule(header, VENDOR_CODE_LIMIT)]


def _title(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return [_length_rule(header, TITLE_LIMIT), _forbidden_rule(header)]


def _description(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    limit = (context.subject or SubjectSpec(0, "", "", ())).description_limit
    return [_length_rule(header, limit), _forbidden_rule(header)]


def _subject(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    rules = [CellRule(IssueCode.UNKNOWN_SUBJECT, lambda v: book.known(text_of(v)),
                      lambda v: f"«{header}»: предмета «{shown(v)}» нет в справочнике WB — выберите предмет "
                                "из выпадающего списка.")]
    own = norm(context.subject_name)
    sheet = context.title

    def same(v: ReadValue) -> bool:
        return not book.known(text_of(v)) or norm(text_of(v)) == own

    rules.append(CellRule(IssueCode.SUBJECT_CHANGED, same,
                          lambda v: f"Предмет «{shown(v)}» не совпадает с листом «{sheet}»: переложите таблицу "
                                    "(в веб-сервисе — кнопка «Переложить таблицу» в отчёте проверки, "
                                    "в командной строке — «ozwb refresh»), и строка переедет на лист нового "
                                    "предмета с его характеристиками."))
    return rules


def _photos(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    def bad(v: ReadValue) -> list[str]:
        return [u for u in split_list(v) if not is_url(u)]

    return [
        _count_rule(header, PHOTO_LIMIT, "ссылок через «;»"),
        CellRule(IssueCode.BAD_URL, lambda v: not bad(v),
                 lambda v: f"«{header}»: «{shown(bad(v)[0])}» — не ссылка; нужны адреса вида https://…"),
    ]


def _barcodes(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return [CellRule(IssueCode.BAD_BARCODE, lambda v: all(map(is_gtin, split_list(v))),
                     lambda v: f"«{header}»: {', '.join(bad_barcodes(v)[:3])} — не баркод EAN-13/GTIN (неверная "
                               "длина или контрольная цифра).")]


def _price(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return _number_rules(header, whole=True, low=0, high=None, low_open=True)


def _discount(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return _number_rules(header, whole=True, low=0, high=DISCOUNT_MAX)


def _dimension(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return _number_rules(header, whole=True, low=0, high=None, low_open=True)


def _weight(header: str, context: SheetContext, book: SubjectBook) -> list[CellRule]:
    return _number_rules(header, whole=False, low=0, high=None, low_open=True, decimals=WEIGHT_DECIMALS)


_FIELD_RULES: dict[str, Callable[[str, SheetContext, SubjectBook], list[CellRule]]] = {
    "groupID": _group,
    "vendorCode": _vendor_code,
    "title": _title,
    "description": _description,
    "subject": _subject,
    "photo": _photos,
    "barcodes": _barcodes,
    "price": _price,
    "discount": _discount,
    "length": _dimension,
    "width": _dimension,
    "height": _dimension,
    "weightBrutto": _weight,
}

