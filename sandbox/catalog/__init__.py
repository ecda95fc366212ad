"""The Ozon sample catalog: a deterministic generator plus hand-written adversarial products."""

from sandbox.catalog.ean import is_valid_ean13, make_ean13
from sandbox.catalog.generator import DEFAULT_GENERATED, generate_catalog
from sandbox.catalog.model import Attribute, CatalogError, Product

__all__ = [
    "DEFAULT_GENERATED",
    "Attribute",
    "CatalogError",
    "Product",
    "generate_catalog",
    "is_valid_ean13",
    "make_ean13",
]
