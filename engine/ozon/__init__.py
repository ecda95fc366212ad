"""The typed Ozon Seller API client (read side) and the whole-catalog reader."""

from engine.ozon.catalog import OzonProduct, join_product
from engine.ozon.client import OzonClient

__all__ = ["OzonClient", "OzonProduct", "join_product"]
