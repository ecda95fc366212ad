"""Russian number agreement for the counts sellers read."""

from __future__ import annotations


def plural(n: int, one: str, few: str, many: str) -> str:
    """``plural(21, "товар", "товара", "товаров")`` → ``"21 товар"``."""
    tail = abs(n) % 100
    if 11 <= tail <= 14:
        word = many
    elif tail % 10 == 1:
        word = one
    elif 2 <= tail % 10 <= 4:
        word = few
    else:
        word = many
    return f"{n} {word}"
