"""Property-style sweep built from the specs alone, as an independent conformance checker would run it.

For every operation the sandbox serves: spec-valid requests drawn from the request schemas (typical,
minimal, full and edge values), each answered without a 5xx, with a documented status (the repairs
in ``spec_repairs`` add the documented real-world ones) and a body that conforms.
"""

from __future__ import annotations

import itertools
import os

import pytest

from tests.conformance.conftest import OZON_AUTH, WB_AUTH
from tests.support.operations import OZON_OPERATIONS, WB_GENERAL_OPERATIONS, WB_OPERATIONS
from tests.support.request_plans import plan_requests
from tests.support.specs import check_exchange

# OZWB_SWEEP_SEED widens the search locally; CI runs the fixed seed so failures reproduce.
SEED = int(os.environ.get("OZWB_SWEEP_SEED", "11"))
_sellers = itertools.count()

OPERATIONS = [pytest.param("ozon", "post", path, id=f"ozon{path}") for path in OZON_OPERATIONS] + [
    pytest.param("wb", method, path, id=f"wb-{method}{path}") for method, path in WB_OPERATIONS + WB_GENERAL_OPERATIONS
]


@pytest.mark.parametrize(("marketplace", "method", "template"), OPERATIONS)
def test_spec_valid_requests_get_documented_conforming_answers(sandbox, http, marketplace, method, template):
    auth = OZON_AUTH if marketplace == "ozon" else WB_AUTH
    base = sandbox.ozon_url if marketplace == "ozon" else sandbox.wb_url
    failures: list[str] = []
    statuses: set[int] = set()
    for planned in plan_requests(marketplace, method, template, auth, per_mode=2, seed=SEED):
        if marketplace == "wb":
            # A fresh seller per request: WB's small bursts would otherwise turn the sweep into 429s.
            planned.headers["Authorization"] = f"sandbox-wb-token.sweep{next(_sellers)}"
        response = planned.send(http, base)
        statuses.add(response.status_code)
        problems = check_exchange(
            marketplace,
            method,
            f"/{marketplace}{planned.path}",
            response.status_code,
            dict(response.headers),
            response.content,
            query=planned.query,
        )
        if response.status_code >= 500:
            problems = [*problems, f"server error {response.status_code}"]  # type: ignore[list-item]
        if problems:
            listing = "\n      ".join(str(p) for p in problems)
            failures.append(
                f"{planned.describe()}\n    -> {response.status_code} {response.text[:300]}\n      {listing}"
            )
    assert not failures, f"{len(failures)} non-conforming answers:\n" + "\n".join(failures)
    assert statuses, "nothing was sent"
