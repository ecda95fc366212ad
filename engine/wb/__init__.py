"""The typed WB API client (content, prices, marketplace, common hosts)."""

from engine.wb.card_models import (
    Card,
    CardDraft,
    CardGroup,
    CardUpdate,
    Characteristic,
    Dimensions,
    ErrorBatch,
    Size,
    UploadOutcome,
)
from engine.wb.client import WbClient
from engine.wb.models import PriceItem, StockAmount

__all__ = [
    "Card",
    "CardDraft",
    "CardGroup",
    "CardUpdate",
    "Characteristic",
    "Dimensions",
    "ErrorBatch",
    "PriceItem",
    "Size",
    "StockAmount",
    "UploadOutcome",
    "WbClient",
]
