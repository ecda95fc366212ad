"""The WB-ready catalog: what an export produces, a workbook holds, validation checks and a push sends.

Plain data, independent of the HTTP clients' wire models, so the workbook, the
validator and the push pipeline share one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class CharcType(IntEnum):
    """WB ``charcType``: how a characteristic's value travels."""

    STRING = 0  # WB says "not used" for cards; the template still uses 0 for single strings
    STRING_LIST = 1
    NUMBER = 4


@dataclass(frozen=True)
class CharcSpec:
    """One WB characteristic of a subject, as the sheet and the validator need it."""

    charc_id: int
    name: str
    charc_type: CharcType
    unit: str = ""
    max_count: int = 0  # 0 = unlimited (string lists only)
    required: bool = False
    required_for_create: bool = False
    dictionary: tuple[str, ...] = ()  # allowed values when WB gives a dictionary, else empty
    dictionary_name: str = ""  # colors | kinds | countries | seasons | vat | tnved, or ""
    variable: bool = False  # WB ``isVariable``: cards of one group must differ in it (colour always does)


@dataclass(frozen=True)
class SubjectSpec:
    subject_id: int
    name: str
    parent_name: str
    charcs: tuple[CharcSpec, ...]
    description_limit: int = 2000


@dataclass(frozen=True)
class SubjectChoice:
    subject_id: int
    subject_name: str
    parent_name: str
    score: float  # calibrated confidence in [0, 1]


@dataclass(frozen=True)
class Dimensions:
    """Packaged size in whole cm and gross weight in kg (WB's units)."""

    length_cm: int
    width_cm: int
    height_cm: int
    weight_kg: float


@dataclass
class SizeRow:
    """One Ozon product = one WB size of a card."""

    ozon_product_id: int
    ozon_offer_id: str
    ozon_sku: int | None = None
    tech_size: str = ""
    wb_size: str = ""
    barcodes: list[str] = field(default_factory=list)
    price: int | None = None
    discount: int | None = None
    stocks: dict[int, int] = field(default_factory=dict)  # WB warehouse id -> amount


CharcValue = list[str] | float


@dataclass
class CardDraft:
    """One WB card (one colour of one model) with its sizes."""

    group_key: str  # cards sharing it become one WB group (imtID)
    vendor_code: str
    title: str
    ozon_name: str
    subject: SubjectChoice | None = None
    alternatives: list[SubjectChoice] = field(default_factory=list)
    low_confidence: bool = False
    description: str = ""
    brand: str = ""
    dimensions: Dimensions | None = None
    photos: list[str] = field(default_factory=list)
    characteristics: dict[int, CharcValue] = field(default_factory=dict)
    missing_required: list[int] = field(default_factory=list)
    ozon_category: str = ""  # "Top / Category / Type", for traceability
    ozon_values: dict[str, str] = field(default_factory=dict)  # Ozon attribute name -> text
    vat: str = ""
    sizes: list[SizeRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the mapping could not do, in Russian


@dataclass(frozen=True)
class Directories:
    """WB dictionaries that get dropdowns in the sheet."""

    subjects: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    seasons: tuple[str, ...] = ()
    vat: tuple[str, ...] = ()
    tnved: dict[int, tuple[str, ...]] = field(default_factory=dict)  # subject id -> codes
    warehouses: dict[int, str] = field(default_factory=dict)  # WB warehouse id -> name
