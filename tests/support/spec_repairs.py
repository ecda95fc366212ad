"""Every in-memory repair of the official specs, in one place, each with its reason.

The shipped files stay untouched (they are the contract); a validator needs them to be valid
OpenAPI 3.0 and to describe what the real marketplaces send (``research/notes/spec-quirks.md``).
Each repair counts the spots it changed; a repair that changes nothing means the spec file was
updated and the repair list must be revisited, so :func:`apply_repairs` refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support import repair_steps as steps
from tests.support.errors import SpecRepairError

Node = dict[str, Any]


@dataclass(frozen=True)
class Repair:
    name: str
    reason: str
    apply: Callable[[Node], int]


OZON_REPAIRS: tuple[Repair, ...] = (
    Repair("info-version", "info.version is the number 2.1; OpenAPI requires a string", steps.ozon_version_string),
    Repair(
        "server-scheme", "the server is //api-seller.ozon.ru with no scheme; the API is HTTPS", steps.ozon_server_scheme
    ),
    Repair(
        "rpc-status-refs",
        "five $refs point to ../../components/schemas/rpcStatus.yaml, a file that does not exist",
        steps.ozon_rpc_status_refs,
    ),
    Repair(
        "json-schema-types",
        "types 'array of strings', int, bool, timestamp, enum, file and null are not JSON Schema types",
        steps.ozon_types,
    ),
    Repair("enum-null", "'enum: null' is not a list; the values are only given in prose", steps.ozon_enum_null),
    Repair(
        "property-required",
        "'required: true' inside a property schema; JSON Schema wants a list on the parent (prose says required)",
        steps.ozon_property_required,
    ),
    Repair("ype-typo", "a schema spells 'type' as 'ype'", steps.ozon_ype),
    Repair(
        "nested-responses",
        "403/404/409/500 sit inside the 400 response instead of beside it",
        steps.ozon_nested_responses,
    ),
    Repair(
        "operation-default",
        "a 'default' response sits under the operation, not under responses",
        steps.ozon_operation_default,
    ),
    Repair("null-descriptions", "'description: null' where OpenAPI wants a string", steps.ozon_null_descriptions),
    Repair(
        "untyped-arrays",
        "schemas with 'items' but no 'type' (e.g. /v3/product/list result.items, the product_id/offer_id filters) "
        "accept any value; they are arrays in the API",
        steps.ozon_untyped_arrays,
    ),
    Repair(
        "v4-attributes-drift",
        "/v4/product/info/attributes: sku and total are strings in the schema but integers in real responses "
        "and the spec example; images items are objects in the schema but URL strings in reality - accept both",
        steps.ozon_attributes_drift,
    ),
    Repair(
        "read-methods-429",
        "the read methods declare no 429 (nor default) but the real API answers 429 {code: 8, message, details}",
        steps.ozon_read_429,
    ),
)


# --- WB -----------------------------------------------------------------------------------


WB_ITEMS_REPAIRS: tuple[Repair, ...] = (
    Repair("plain-text", "'plain/text' is used as a media type; it is text/plain", steps.wb_plain_text),
    Repair(
        "additional-errors-oneof",
        "responseItemList.additionalErrors is a oneOf of two nullable branches, so null matches twice and always fails",
        steps.wb_additional_errors,
    ),
    Repair(
        "gateway-problem-json",
        "since 2026-09 WB's gateway answers 403 (wrong token category; also on cards/upload, which declares no "
        "403) and 413 as application/problem+json (wb-api.md §4, §13); the YAML of 07-23 still says "
        "application/json envelopes - accept both",
        steps.wb_gateway_problem_json,
    ),
)

# Deliberately not repaired: per-path servers (openapi-core reads them; the harness maps the sandbox
# URL onto them), and minimum/maximum used for array sizes (they never bind on arrays; ozwb enforces
# the 100-card/30-variant limits itself).
WB_GENERAL_REPAIRS: tuple[Repair, ...] = ()


def apply_repairs(doc: Node, repairs: tuple[Repair, ...]) -> dict[str, int]:
    """Apply ``repairs`` in order, in place; return how many spots each changed."""
    counts: dict[str, int] = {}
    for repair in repairs:
        counts[repair.name] = repair.apply(doc)
        if counts[repair.name] == 0:
            raise SpecRepairError(f"repair {repair.name!r} changed nothing: {repair.reason}")
    return counts
