import pytest

from engine.russian import plural


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1 товар"), (2, "2 товара"), (5, "5 товаров"), (11, "11 товаров"), (21, "21 товар"),
     (112, "112 товаров"), (104, "104 товара"), (0, "0 товаров")],
)
def test_plural_agrees_with_the_number(n, text):
    assert plural(n, "товар", "товара", "товаров") == text
