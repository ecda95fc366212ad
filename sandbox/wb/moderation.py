"""Checks WB runs after accepting a card; failures land in ``cards/error/list`` in Russian.

The wording follows the examples in 02-items.yaml where there are any ("Поле Наименование не
должно содержать запрещенные символы: 😈", "Запрещено использовать E-Mail в поле Наименование")
and the seller portal's style elsewhere.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.wb.barcodes import is_valid_gtin
from sandbox.wb.directory import Charc, Directory

TITLE_LIMIT = 60
VENDOR_CODE_LIMIT = 72
DESCRIPTION_LIMIT = 2000
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001fc00-\U0001ffff\ufe0f\u200d\U000e0020-\U000e007f]"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FIELD_NAMES = {"title": "Наименование", "description": "Описание"}


def _text_problems(variant: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for key, label in FIELD_NAMES.items():
        text = variant.get(key) or ""
        emoji = list(dict.fromkeys(EMOJI.findall(text)))
        if emoji:
            problems.append(f"Поле {label} не должно содержать запрещенные символы: {' '.join(emoji)}")
        if EMAIL.search(text):
            problems.append(f"Запрещено использовать E-Mail в поле {label}")
    if len(variant.get("title") or "") > TITLE_LIMIT:
        problems.append(f"Наименование товара не должно быть длиннее {TITLE_LIMIT} символов")
    if len(str(variant.get("vendorCode"))) > VENDOR_CODE_LIMIT:
        problems.append(f"Артикул продавца не должен быть длиннее {VENDOR_CODE_LIMIT} символов")
    if len(variant.get("description") or "") > DESCRIPTION_LIMIT:
        problems.append(f"Описание товара не должно быть длиннее {DESCRIPTION_LIMIT} символов")
    return problems


def _charc_problems(variant: dict[str, Any], subject: dict[str, Any], charcs: list[Charc],
                    directory: Directory) -> list[str]:
    problems: list[str] = []
    known = {c.charc_id: c for c in charcs}
    filled: set[int] = set()
    for item in variant.get("characteristics") or []:
        charc = known.get(int(item["id"]))
        if charc is None:
            problems.append(f"Характеристика с id {item['id']} отсутствует у предмета «{subject['subjectName']}»")
            continue
        value = item["value"]
        if value not in (None, [], ""):
            filled.add(charc.charc_id)
        if not isinstance(value, list):
            continue
        if charc.max_count and len(value) > charc.max_count:
            problems.append(
                f"Превышено максимальное количество значений характеристики «{charc.name}»: {charc.max_count}"
            )
        allowed = directory.allowed_values(charc.dictionary, int(subject["subjectID"])) if charc.dictionary else None
        if allowed is not None:
            problems.extend(
                f"Недопустимое значение «{v}» для характеристики «{charc.name}»" for v in value if v not in allowed
            )
    problems.extend(
        f"Не заполнена обязательная характеристика «{c.name}»"
        for c in charcs
        if (c.required or c.required_for_create) and c.charc_id not in filled
    )
    return problems


def _barcode_problems(variant: dict[str, Any], owners: dict[str, int], own_nm: int | None) -> list[str]:
    problems: list[str] = []
    for size in variant.get("sizes") or []:
        for sku in size.get("skus") or []:
            if not is_valid_gtin(sku):
                problems.append(f"Некорректный баркод {sku}: ожидается EAN-13 или другой GTIN")
            elif owners.get(sku, own_nm) != own_nm:
                problems.append(f"Баркод {sku} уже используется в другой карточке")
    return problems


def review(
    variant: dict[str, Any],
    subject: dict[str, Any],
    charcs: list[Charc],
    directory: Directory,
    barcode_owners: dict[str, int],
    own_nm: int | None = None,
) -> list[str]:
    """Everything WB's moderation would object to in one card; empty means it gets created."""
    return (
        _text_problems(variant)
        + _charc_problems(variant, subject, charcs, directory)
        + _barcode_problems(variant, barcode_owners, own_nm)
    )


def dimensions_of(variant: dict[str, Any]) -> dict[str, Any]:
    """Package dimensions as the card shows them; ``isValid`` is false for zero or odd values."""
    raw = variant.get("dimensions") or {}
    dims: dict[str, Any] = {k: raw.get(k) or 0 for k in ("length", "width", "height", "weightBrutto")}
    whole = all(isinstance(dims[k], int) and dims[k] > 0 for k in ("length", "width", "height"))
    weight = dims["weightBrutto"]
    weight_ok = weight > 0 and abs(round(weight, 3) - weight) < 1e-9
    for key in ("length", "width", "height"):
        if not isinstance(dims[key], int):
            dims[key] = int(dims[key])  # WB stores whole centimetres
    dims["isValid"] = whole and weight_ok
    return dims
