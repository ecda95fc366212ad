"""Suite-wide: nothing a test runs writes into the working tree's ``var/``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _reference_cache_outside_the_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands under test (``ozwb export``) keep WB reference data in a temporary folder, not ``./var/cache``."""
    previous = os.environ.get("OZWB_CACHE_DIR")
    os.environ["OZWB_CACHE_DIR"] = str(tmp_path_factory.mktemp("wb-reference-cache"))
    yield
    if previous is None:
        os.environ.pop("OZWB_CACHE_DIR", None)
    else:
        os.environ["OZWB_CACHE_DIR"] = previous
