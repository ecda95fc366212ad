"""Card drafts the sandbox's WB accepts (subject 812 «Кружки»), and waiting for async results."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from engine.wb import CardDraft, CardGroup, Characteristic, Dimensions, Size

MUGS = 812
T = TypeVar("T")


def mug(code: str, barcode: str, colour: str = "белый", title: str = "Кружка керамическая 350 мл") -> CardDraft:
    return CardDraft(
        vendor_code=code,
        title=title,
        description="Кружка для чая и кофе.",
        brand="КухняПро",
        dimensions=Dimensions(length=12, width=9, height=10, weight_brutto=0.35),
        characteristics=[
            Characteristic(id=17008, value=["керамика"]),
            Characteristic(id=14177449, value=[colour]),
            Characteristic(id=15003008, value=350),
        ],
        sizes=[Size(skus=[barcode], price=590)],
    )


def mug_groups(prefix: str, barcodes: list[str], per_group: int = 1) -> list[CardGroup]:
    colours = ["белый", "черный", "синий", "красный", "зеленый", "желтый"]
    groups = []
    for start in range(0, len(barcodes), per_group):
        variants = [mug(f"{prefix}-{n}", barcodes[n], colours[(n - start) % len(colours)])
                    for n in range(start, min(start + per_group, len(barcodes)))]
        groups.append(CardGroup(subject_id=MUGS, variants=variants))
    return groups


def wait_for(probe: Callable[[], T | None], timeout: float = 15.0, step: float = 0.05) -> T:
    """Poll ``probe`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("the sandbox did not get there in time")
        time.sleep(step)
