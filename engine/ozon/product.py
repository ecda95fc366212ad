"""One Ozon product as the rest of ozwb sees it: the joined fields the mapping uses, kept compact.

A catalog of 100,000 products has to fit in memory next to its WB drafts, so a product keeps
only what the mapping reads (not the raw answers it was joined from): plain slotted objects,
attributes as two parallel tuples, and texts, numbers and id tuples shared between products
when they repeat (see :class:`Interner`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import InitVar, dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple, Protocol, TypeVar, overload

from engine.ozon.models import ProductListItem

DescriptionSource = Literal["attribute", "endpoint", "none"]
RecordT = TypeVar("RecordT", bound=tuple[object, ...])


class AttributeLike(Protocol):
    """What a product attribute offers: its id and its non-empty texts (``ProductAttribute`` fits)."""

    @property
    def id(self) -> int: ...

    @property
    def texts(self) -> Sequence[str]: ...


class Attribute(NamedTuple):
    id: int
    texts: tuple[str, ...]


class AttributeTable(Sequence[Attribute]):
    """A product's attributes: ids and their texts side by side; the id tuple is usually shared."""

    __slots__ = ("_ids", "_texts")

    def __init__(self, ids: tuple[int, ...], texts: tuple[tuple[str, ...], ...]) -> None:
        self._ids = ids
        self._texts = texts

    @classmethod
    def of(cls, attributes: Iterable[AttributeLike]) -> AttributeTable:
        pairs = [(a.id, tuple(a.texts)) for a in attributes]
        return cls(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))

    def texts_of(self, attribute_id: int) -> tuple[str, ...]:
        """The texts of the first attribute with ``attribute_id`` (empty when there is none)."""
        for position, found in enumerate(self._ids):
            if found == attribute_id:
                return self._texts[position]
        return ()

    def pairs(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        return zip(self._ids, self._texts, strict=True)

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Attribute: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Attribute]: ...

    def __getitem__(self, index: int | slice) -> Attribute | Sequence[Attribute]:
        if isinstance(index, slice):
            return [Attribute(i, t) for i, t in zip(self._ids[index], self._texts[index], strict=True)]
        return Attribute(self._ids[index], self._texts[index])

    def __repr__(self) -> str:
        return f"AttributeTable({dict(self.pairs())!r})"


EMPTY_ATTRIBUTES = AttributeTable((), ())


class Stock(NamedTuple):
    """One ``/v4/product/info/stocks`` entry: the stock type (fbs, rfbs, fbo, fbp) and its counts."""

    type: str
    present: int
    reserved: int


class Package(NamedTuple):
    """Package dimensions and weight from ``/v4/product/info/attributes``, in the units Ozon gives."""

    depth: Decimal | None
    width: Decimal | None
    height: Decimal | None
    dimension_unit: str
    weight: Decimal | None
    weight_unit: str


class InfoStatus(NamedTuple):
    """What ``/v3/product/info/list`` says about the product beyond the joined fields: its Ozon status."""

    status: str
    status_name: str
    moderate_status: str
    validation_status: str


class PriceBlock(NamedTuple):
    """The ``price`` block of ``/v5/product/info/prices`` (numbers there, unlike info/list)."""

    price: Decimal | None
    old_price: Decimal | None
    min_price: Decimal | None
    currency_code: str
    vat: Decimal | None


@dataclass(slots=True, eq=False)
class OzonProduct:
    """One Ozon product (one size/colour variant) with everything the mapping reads about it.

    ``info``, ``details`` and ``prices`` say which answers were joined (None: that record never
    came) and keep the little of each that is not among the joined fields. ``listing`` is
    accepted for callers that build a product by hand and is not kept.
    """

    product_id: int
    offer_id: str
    sku: int | None = None
    archived: bool = False
    name: str = ""
    description: str = ""
    description_source: DescriptionSource = "none"
    description_category_id: int | None = None
    type_id: int | None = None
    model_id: int | None = None
    barcodes: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    primary_image: str | None = None
    price: Decimal | None = None
    old_price: Decimal | None = None
    min_price: Decimal | None = None
    currency_code: str = ""
    vat: Decimal | None = None
    attributes: Sequence[AttributeLike] = EMPTY_ATTRIBUTES
    stocks: Sequence[Stock] = ()
    info: InfoStatus | None = None
    details: Package | None = None
    prices: PriceBlock | None = None
    listing: InitVar[ProductListItem | None] = None

    def __post_init__(self, listing: ProductListItem | None) -> None:
        if not isinstance(self.attributes, AttributeTable):
            self.attributes = AttributeTable.of(self.attributes)

    def attribute_texts(self, attribute_id: int) -> list[str]:
        table = self.attributes
        assert isinstance(table, AttributeTable)  # __post_init__ made it one
        return list(table.texts_of(attribute_id))

    def attribute_pairs(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """``(attribute id, texts)`` in Ozon's order, attributes without a text included."""
        table = self.attributes
        assert isinstance(table, AttributeTable)
        return table.pairs()


class Interner:
    """Hands out one shared object per distinct value seen during one catalog read.

    Colours, countries, sizes, prices, attribute id lists repeat across thousands of products;
    so do names, descriptions, photo URLs and attribute texts of any length, across a model's
    sizes and colours (10,000 sample products have 1,791 descriptions and 3,739 names). Sharing
    them is most of what keeps a 100,000-product catalog small; the tables go with the reader.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._text_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._id_tuples: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._numbers: dict[str, Decimal] = {}
        self._records: dict[tuple[type, tuple[object, ...]], tuple[object, ...]] = {}

    def text(self, value: str) -> str:
        return self._texts.setdefault(value, value)

    def shared_texts(self) -> dict[str, str]:
        """The text table itself, for a parser's inner loop (``table.setdefault(text, text)`` is :meth:`text`)."""
        return self._texts

    def shared_text_tuples(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """The table behind :meth:`texts`, for the same loops."""
        return self._text_tuples

    def text_tuple(self, values: Iterable[str]) -> tuple[str, ...]:
        """A shared tuple of shared texts (image URLs, attribute values)."""
        shared = self._texts
        return self.texts(tuple([shared.setdefault(v, v) for v in values]))

    def texts(self, values: tuple[str, ...]) -> tuple[str, ...]:
        # Attribute values of any length repeat (a customs code with its long title); a unique
        # one costs the table a slot only until the read ends.
        return self._text_tuples.setdefault(values, values)

    def ids(self, values: tuple[int, ...]) -> tuple[int, ...]:
        return self._id_tuples.setdefault(values, values)

    def number(self, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        # Decimal("990") and Decimal("990.00") are equal but print differently: key on the text.
        return self._numbers.setdefault(str(value), value)

    def record(self, value: RecordT) -> RecordT:
        """A shared copy of a small hashable record (a status, a package, a stock list)."""
        found = self._records.setdefault((type(value), value), value)
        return found  # type: ignore[return-value]  # keyed by type, so it is a RecordT
