"""GTIN check digits: validating sellers' barcodes and generating WB-style EAN-13s."""

from __future__ import annotations

from collections.abc import Callable

GTIN_LENGTHS = (8, 12, 13, 14)
# WB hands out barcodes from the in-store range 20-29; "20" keeps them off real products.
GENERATED_PREFIX = "20"


def check_digit(body: str) -> int:
    """GS1 check digit of the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """EAN-8, UPC-A, EAN-13 or GTIN-14 with a correct check digit."""
    if not code.isascii() or not code.isdigit() or len(code) not in GTIN_LENGTHS:
        return False
    return check_digit(code[:-1]) == int(code[-1])


def new_ean13(random_digit: Callable[[], int], taken: set[str]) -> str:
    """A fresh EAN-13 not in ``taken`` (which it joins)."""
    while True:
        body = GENERATED_PREFIX + "".join(str(random_digit()) for _ in range(10))
        code = body + str(check_digit(body))
        if code not in taken:
            taken.add(code)
            return code
