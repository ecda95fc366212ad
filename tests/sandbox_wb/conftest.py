"""One shared fast sandbox per test module; each test gets its own seller inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox
from tests.sandbox_wb.helpers import WbClient, fresh_seller
from tests.support.recorder import SpecRecorder

# Fast enough that rate limits rarely bite, slow enough that "not created yet" is observable.
FAST = SandboxConfig(speed=1000.0, card_creation_delay=500.0)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with run_sandbox(FAST) as running:
        yield running


@pytest.fixture
def start_sandbox() -> Callable[[SandboxConfig], AbstractContextManager[RunningSandbox]]:
    """For tests that need their own speed or delays."""
    return run_sandbox


@pytest.fixture
def recorder() -> Iterator[SpecRecorder]:
    """Every response the test sees must match 02-items.yaml; bad requests are sent on purpose."""
    spec = SpecRecorder(check_requests=False)
    yield spec
    spec.assert_conforms(require_traffic=False)


@pytest.fixture
def wb(sandbox: RunningSandbox, recorder: SpecRecorder) -> Iterator[WbClient]:
    client = WbClient(sandbox.url, fresh_seller(), event_hooks=recorder.hooks())
    yield client
    client.close()
