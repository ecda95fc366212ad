"""EAN-13 barcodes: the check digit, and a validity test."""

from __future__ import annotations


def ean13_check_digit(body: str) -> int:
    """Check digit for the first 12 digits of an EAN-13."""
    if len(body) != 12 or not body.isdigit():
        raise ValueError(f"an EAN-13 body is 12 digits, got {body!r}")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10


def make_ean13(body: str) -> str:
    return f"{body}{ean13_check_digit(body)}"


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == int(code[12])
