"""Small builders of drafts, subject specs and directories for the workbook tests and the benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.drafts import (
    CardDraft,
    CharcSpec,
    CharcType,
    CharcValue,
    Dimensions,
    Directories,
    SizeRow,
    SubjectChoice,
    SubjectSpec,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES_WB = REPO / "samples" / "wb"

SHIRTS = 192
JEANS = 180
PANS = 9001  # invented, to test a subject with a tiny yes/no dictionary and a required-for-create charc

WAREHOUSES = {1093405: "Склад Подольск", 1211570: "Склад Казань"}


def charc(charc_id: int, name: str, charc_type: CharcType = CharcType.STRING_LIST, **kw: Any) -> CharcSpec:
    return CharcSpec(charc_id=charc_id, name=name, charc_type=charc_type, **kw)


def small_subjects() -> dict[int, SubjectSpec]:
    number = CharcType.NUMBER
    common = (
        charc(14177446, "Бренд", max_count=1),
        charc(14177449, "Цвет", max_count=5, dictionary_name="colors"),
        charc(14177451, "Страна производства", max_count=1, dictionary_name="countries"),
        charc(15001405, "Ставка НДС", max_count=1, dictionary_name="vat"),
        charc(15000001, "ТНВЭД", max_count=1, dictionary_name="tnved"),
        charc(90846, "Высота упаковки", number, unit="см"),
        charc(88953, "Вес с упаковкой (кг)", number, unit="кг"),
    )
    shirts = SubjectSpec(SHIRTS, "Футболки", "Одежда", (
        *common,
        charc(17596, "Пол", max_count=1, required=True, dictionary_name="kinds"),
        charc(14177450, "Состав", max_count=3, required=True),
        charc(50172, "Сезон", max_count=1, dictionary_name="seasons"),
        charc(59609, "Длина изделия", number, unit="см"),
        charc(15000801, "Размер", max_count=1),
    ))
    jeans = SubjectSpec(JEANS, "Джинсы", "Одежда", (
        *common,
        charc(17596, "Пол", max_count=1, required=True, dictionary_name="kinds"),
        charc(14177450, "Состав", max_count=3),
        charc(59630, "Длина по внутреннему шву", number, unit="см"),
        charc(11470, "Посадка", max_count=1, required_for_create=True),
    ), description_limit=1000)
    pans = SubjectSpec(PANS, "Сковороды", "Дом", (
        charc(14177449, "Цвет", max_count=5, dictionary_name="colors"),
        charc(15000902, "Совместимость с индукцией", max_count=1, dictionary=("Да", "Нет")),
        charc(15000901, "Диаметр", number, unit="см", required_for_create=True),
        charc(15000903, "Покрытие", max_count=2, dictionary=tuple(f"покрытие номер {i}" for i in range(40))),
    ))
    return {s.subject_id: s for s in (shirts, jeans, pans)}


def small_directories() -> Directories:
    return Directories(
        subjects=("Футболки", "Джинсы", "Сковороды", "Брюки", "Шорты"),
        colors=(*(f"цвет {i}" for i in range(60)), "белый", "черный", "синий"),
        kinds=("Мужской", "Женский", "Детский", "Унисекс"),
        countries=("Россия", "Китай", "Турция"),
        seasons=("демисезон", "лето", "зима", "круглогодичный"),
        vat=("0", "10", "20", "Без НДС"),
        tnved={SHIRTS: ("6109100000", "6109902000"), JEANS: ("6203423100",)},
        warehouses=dict(WAREHOUSES),
    )


def choice(subject_id: int, name: str, score: float = 0.9, parent: str = "Одежда") -> SubjectChoice:
    return SubjectChoice(subject_id, name, parent, score)


def size(product_id: int, offer: str, tech: str = "", price: int | None = 1990, **kw: Any) -> SizeRow:
    defaults: dict[str, Any] = {"barcodes": [f"46{product_id:011d}"], "discount": 10,
                                "stocks": {1093405: 5}, "ozon_sku": product_id + 500_000}
    defaults.update(kw)
    return SizeRow(ozon_product_id=product_id, ozon_offer_id=offer, tech_size=tech, wb_size=tech, price=price,
                   **defaults)


def draft(
    vendor_code: str,
    subject: SubjectChoice | None,
    *,
    sizes: int = 2,
    characteristics: dict[int, CharcValue] | None = None,
    first_product: int = 1000,
    **kw: Any,
) -> CardDraft:
    letters = ("S", "M", "L", "XL", "XXL")
    fields: dict[str, Any] = {
        "group_key": f"model-{vendor_code}",
        "title": f"Товар {vendor_code}",
        "ozon_name": f"Товар {vendor_code} полное длинное название с Ozon",
        "brand": "Северная Нить",
        "description": "Хлопок, прямой крой.",
        "dimensions": Dimensions(30, 20, 5, 0.35),
        "photos": [f"https://ir.ozone.ru/s3/multimedia-1/{vendor_code}-{i}.jpg" for i in range(2)],
        "ozon_category": "Одежда / Футболки / Футболка",
        "ozon_values": {"Цвет": "белый", "Материал": "хлопок"},
        "vat": "20",
        "alternatives": [choice(11, "Брюки", 0.3), choice(13, "Шорты", 0.1)] if subject else [],
    }
    fields.update(kw)
    rows = [size(first_product + i, f"{vendor_code}-{letters[i % 5]}", letters[i % 5]) for i in range(sizes)]
    return CardDraft(vendor_code=vendor_code, subject=subject, sizes=rows,
                     characteristics=dict(characteristics or {}), **fields)


def sample_subjects() -> dict[int, SubjectSpec]:
    """The sandbox's sample WB subjects (samples/wb), as the exporter will get them from the WB client."""
    subjects = {int(s["subjectID"]): s for s in json.loads((SAMPLES_WB / "subjects.json").read_text("utf-8"))}
    directories = json.loads((SAMPLES_WB / "directories.json").read_text("utf-8"))
    found: dict[int, SubjectSpec] = {}
    for sid, items in json.loads((SAMPLES_WB / "charcs.json").read_text("utf-8")).items():
        subject = subjects[int(sid)]
        charcs = tuple(
            CharcSpec(
                charc_id=int(c["charcID"]), name=c["name"], charc_type=CharcType(int(c["charcType"])),
                unit=c.get("unitName", ""), max_count=int(c.get("maxCount", 0)), required=bool(c.get("required")),
                required_for_create=bool(c.get("isRequiredForCreate")), dictionary_name=c.get("dictionary", ""),
                dictionary=_dictionary_values(directories, c.get("dictionary", ""), int(sid)),
            )
            for c in items
        )
        found[int(sid)] = SubjectSpec(int(sid), subject["subjectName"], subject["parentName"], charcs)
    return found


def sample_directories() -> Directories:
    raw = json.loads((SAMPLES_WB / "directories.json").read_text("utf-8"))
    stores = json.loads((SAMPLES_WB / "warehouses.json").read_text("utf-8"))
    subjects = json.loads((SAMPLES_WB / "subjects.json").read_text("utf-8"))
    return Directories(
        subjects=tuple(s["subjectName"] for s in subjects),
        colors=tuple(c["name"] for c in raw["colors"]),
        kinds=tuple(raw["kinds"]),
        countries=tuple(c["name"] for c in raw["countries"]),
        seasons=tuple(raw["seasons"]),
        vat=tuple(raw["vat"]),
        tnved={int(sid): tuple(t["tnved"] for t in codes) for sid, codes in raw["tnved"].items()},
        warehouses={int(w["id"]): w["name"] for w in stores["warehouses"]},
    )


def _dictionary_values(directories: dict[str, Any], name: str, subject_id: int) -> tuple[str, ...]:
    if not name:
        return ()
    entries = directories.get(name, [])
    if name == "tnved":
        entries = entries.get(str(subject_id), [])
    return tuple(e if isinstance(e, str) else str(e.get("name", e.get("tnved"))) for e in entries)


def synthetic_catalog(products: int, subjects: dict[int, SubjectSpec], directories: Directories,
                      seed: int = 7) -> list[CardDraft]:
    """About ``products`` Ozon products as card drafts over ``subjects``: 1–4 sizes a card, most
    characteristics filled, a few low-confidence, unassigned and formula-looking names."""
    import random

    rng = random.Random(seed)
    specs = list(subjects.values())
    words = ("хлопок", "полиэстер", "вискоза", "лён", "шерсть", "эластан", "кожа", "сталь", "пластик", "дерево")
    drafts: list[CardDraft] = []
    made = 0
    while made < products:
        n = len(drafts)
        spec = specs[n % len(specs)]
        count = min(rng.randint(1, 4), products - made)
        chars: dict[int, CharcValue] = {}
        for c in spec.charcs:
            if rng.random() < 0.15:
                continue
            if c.charc_type is CharcType.NUMBER:
                chars[c.charc_id] = float(rng.randint(1, 400))
            elif c.dictionary:
                chars[c.charc_id] = [rng.choice(c.dictionary)]
            else:
                chars[c.charc_id] = rng.sample(words, max(1, min(c.max_count or 2, 2)))
        subject = None if n % 97 == 0 else choice(spec.subject_id, spec.name, rng.random(), spec.parent_name)
        code = f"OZ-{n:07d}"
        card = draft(
            code, subject, sizes=count, characteristics=chars, first_product=10_000_000 + made,
            group_key=f"model-{n // 3}", low_confidence=subject is not None and subject.score < 0.2,
            title=f"=HYPERLINK(\"http://x\",\"{code}\")" if n % 501 == 0 else f"{spec.name} {code} {words[n % 10]}",
            ozon_name=f"{spec.name} {code} " + " ".join(rng.choice(words) for _ in range(12)),
            description=f"{code}: " + " ".join(rng.choice(words) for _ in range(80)),
            missing_required=[c.charc_id for c in spec.charcs if c.required and c.charc_id not in chars],
        )
        for row in card.sizes:
            row.stocks = {wid: rng.randint(0, 50) for wid in directories.warehouses}
        drafts.append(card)
        made += count
    return drafts
