"""The marketplace operations ozwb uses, i.e. the ones the sandbox must serve faithfully."""

from __future__ import annotations

# Every Ozon method ozwb calls is a POST with a JSON body (``/v1/roles`` has none).
OZON_OPERATIONS: tuple[str, ...] = (
    "/v3/product/list",
    "/v3/product/info/list",
    "/v4/product/info/attributes",
    "/v1/product/info/description",
    "/v1/description-category/tree",
    "/v1/description-category/attribute",
    "/v1/description-category/attribute/values",
    "/v4/product/info/stocks",
    "/v5/product/info/prices",
    "/v1/roles",
)

# (method, spec path) on the WB content, prices and marketplace hosts (02-items.yaml).
WB_OPERATIONS: tuple[tuple[str, str], ...] = (
    ("get", "/content/v2/object/parent/all"),
    ("get", "/content/v2/object/all"),
    ("get", "/content/v2/object/charcs/{subjectId}"),
    ("get", "/content/v2/directory/colors"),
    ("get", "/content/v2/directory/kinds"),
    ("get", "/content/v2/directory/countries"),
    ("get", "/content/v2/directory/seasons"),
    ("get", "/content/v2/directory/vat"),
    ("get", "/content/v2/directory/tnved"),
    ("get", "/api/content/v1/brands"),
    ("post", "/content/v2/barcodes"),
    ("post", "/content/v2/cards/upload"),
    ("post", "/content/v2/cards/upload/add"),
    ("post", "/content/v2/cards/update"),
    ("post", "/content/v2/get/cards/list"),
    ("post", "/content/v2/cards/error/list"),
    ("get", "/content/v2/cards/limits"),
    ("post", "/content/v3/media/save"),
    ("post", "/content/v3/media/file"),
    ("post", "/api/v2/upload/task"),
    ("get", "/api/v2/history/tasks"),
    ("get", "/api/v2/history/goods/task"),
    ("get", "/api/v3/warehouses"),
    ("put", "/api/v3/stocks/{warehouseId}"),
    ("post", "/api/v3/stocks/{warehouseId}"),
)

# /ping lives in 01-general.yaml; the sandbox serves it once for all WB hosts.
WB_GENERAL_OPERATIONS: tuple[tuple[str, str], ...] = (("get", "/ping"),)
