"""Ozon type -> WB subject suggestions.

Usage::

    matcher = CategoryMatcher(load_wb_subjects(wb_path), context=load_ozon_types(ozon_path))
    matcher.suggest(ozon_type)  # top 3 Suggestion(subject_id, subject_name, parent_name, score)

``score`` behaves like the probability that the subject is right; suggestions
below ``LOW_CONFIDENCE_THRESHOLD`` should be flagged for the seller.
"""

from engine.category.calibration import LOW_CONFIDENCE_THRESHOLD
from engine.category.export import MAPPING_HEADER, write_mapping_csv
from engine.category.loaders import (
    CategoryDataError,
    load_ozon_types,
    load_wb_subjects,
    ozon_types_from_tree,
    wb_subjects_from_items,
)
from engine.category.matcher import CategoryMatcher
from engine.category.models import OzonType, OzonTypeKey, Suggestion, WbSubject

__all__ = [
    "LOW_CONFIDENCE_THRESHOLD",
    "MAPPING_HEADER",
    "CategoryDataError",
    "CategoryMatcher",
    "OzonType",
    "OzonTypeKey",
    "Suggestion",
    "WbSubject",
    "load_ozon_types",
    "load_wb_subjects",
    "ozon_types_from_tree",
    "wb_subjects_from_items",
    "write_mapping_csv",
]
