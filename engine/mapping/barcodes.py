"""EAN-13 / GTIN barcodes: WB wants valid, unique ones per size."""

from __future__ import annotations

_GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """Check digit for the digits before it (GS1 mod-10, weights 3,1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for a GTIN-8/12/13/14 whose check digit is right."""
    return code.isdigit() and len(code) in _GTIN_LENGTHS and gtin_check_digit(code[:-1]) == int(code[-1])


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and is_valid_gtin(code)
