"""The small valid workbook every malformed sample starts from, over the sandbox's sample WB subjects.

Layout (sheets in alphabetical order, data from row 5):

- «Джинсы»: J-1 (sizes S, M) in rows 5–6;
- «Сковороды»: P-1 in row 5;
- «Футболки»: T-1 (S, M, white) in rows 5–6 and T-2 (S, black) in row 7, the two sharing group 1.
"""

from __future__ import annotations

from pathlib import Path

from engine.drafts import CardDraft, CharcValue, Dimensions, Directories, SizeRow, SubjectChoice, SubjectSpec
from engine.mapping.barcodes import gtin_check_digit
from engine.workbook.writer import write_workbook
from tests.validation.edits import normalise
from tests.workbook.builders import sample_directories, sample_subjects

JEANS, PANS, SHIRTS = 180, 704, 192
USED = (JEANS, PANS, SHIRTS)


def corpus_subjects() -> dict[int, SubjectSpec]:
    """The specs of the corpus's subjects, as the sandbox's WB would give them."""
    every = sample_subjects()
    return {sid: every[sid] for sid in USED}


def corpus_directories() -> Directories:
    return sample_directories()


def ean13(number: int) -> str:
    body = f"460{number:09d}"
    return body + str(gtin_check_digit(body))


def size_row(product_id: int, offer: str, tech: str) -> SizeRow:
    return SizeRow(ozon_product_id=product_id, ozon_offer_id=offer, ozon_sku=product_id + 500_000, tech_size=tech,
                   wb_size=tech, barcodes=[ean13(product_id)], price=1990, discount=10,
                   stocks={1093405: 5, 1211570: 2})


def card(code: str, subject: SubjectChoice, sizes: list[str], first_product: int,
         characteristics: dict[int, CharcValue], group_key: str = "") -> CardDraft:
    rows = [size_row(first_product + i, f"{code}-{tech or 'one'}", tech) for i, tech in enumerate(sizes)]
    return CardDraft(
        group_key=group_key or f"model-{code}", vendor_code=code, title=f"{subject.subject_name} {code}",
        ozon_name=f"{subject.subject_name} {code} с Ozon", subject=subject, brand="Северная Нить",
        description="Прочная ткань, прямой крой.", dimensions=Dimensions(30, 20, 5, 0.35),
        photos=[f"https://ir.ozone.ru/s3/multimedia-1/{code}-{i}.jpg" for i in range(2)],
        characteristics=characteristics, ozon_category="Одежда / Футболки", vat="20", sizes=rows,
    )


def shirts(code: str, sizes: list[str], first_product: int, group_key: str = "tee-model",
           colour: str = "белый") -> CardDraft:
    choice = SubjectChoice(SHIRTS, "Футболки", "Одежда", 0.9)
    return card(code, choice, sizes, first_product, {17596: ["Мужской"], 14177450: ["хлопок"],
                                                      15000001: ["6109100000"], 14177449: [colour]}, group_key)


def base_drafts() -> list[CardDraft]:
    jeans = SubjectChoice(JEANS, "Джинсы", "Одежда", 0.9)
    pans = SubjectChoice(PANS, "Сковороды", "Дом", 0.9)
    return [
        card("J-1", jeans, ["S", "M"], 100, {17596: ["Женский"], 14177450: ["хлопок", "эластан"]}),
        card("P-1", pans, [""], 200, {17008: ["алюминий"], 15000901: 24.0}),
        shirts("T-1", ["S", "M"], 300),
        shirts("T-2", ["S"], 310, colour="черный"),
    ]


def write_base(path: Path, drafts: list[CardDraft] | None = None) -> Path:
    write_workbook(path, base_drafts() if drafts is None else drafts, corpus_subjects(), corpus_directories())
    normalise(path)
    return path
