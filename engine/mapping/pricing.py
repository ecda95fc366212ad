"""Ozon prices to WB's price-before-discount and discount percent."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Rounding(StrEnum):
    RUBLE = "ruble"  # nearest whole rouble
    UP_10 = "up10"  # up to a multiple of 10
    UP_100 = "up100"  # up to a multiple of 100
    END_99 = "end99"  # up to the next price ending in 99 (1234 -> 1299)


@dataclass(frozen=True)
class PriceRule:
    """How a seller wants Ozon prices carried to WB."""

    markup_percent: float = 0.0
    rounding: Rounding = Rounding.RUBLE
    keep_discount: bool = True  # carry Ozon's old_price/price gap over as WB's discount


@dataclass(frozen=True)
class WbPrice:
    price: int  # before discount, whole roubles
    discount: int  # whole percent, 0..99


def parse_money(value: object) -> float | None:
    """Ozon sends "1299.00" in one method and 1299.0 in another; empty or zero means unknown."""
    if value is None or value == "":
        return None
    if type(value) is Decimal:
        amount = value  # what the catalog read hands over: no need to go through its text again
    else:
        try:
            amount = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            return None
    return float(amount) if amount > 0 else None


def apply_rounding(amount: float, rounding: Rounding) -> int:
    if rounding is Rounding.UP_10:
        return int(math.ceil(amount / 10) * 10)
    if rounding is Rounding.UP_100:
        return int(math.ceil(amount / 100) * 100)
    if rounding is Rounding.END_99:
        hundreds = math.ceil((amount + 1) / 100)
        return max(99, hundreds * 100 - 1)
    return int(Decimal(str(amount)).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))


def convert_price(price: object, old_price: object, rule: PriceRule) -> WbPrice | None:
    """WB price and discount so that the buyer's price is Ozon's price plus the markup."""
    selling = parse_money(price)
    before = parse_money(old_price)
    if selling is None:
        return None
    factor = 1 + rule.markup_percent / 100
    if rule.keep_discount and before is not None and before > selling:
        discount = min(99, max(0, round((1 - selling / before) * 100)))
        return WbPrice(price=apply_rounding(before * factor, rule.rounding), discount=discount)
    return WbPrice(price=apply_rounding(selling * factor, rule.rounding), discount=0)
