"""The catalog read pauses the cyclic collector and always gives it back as it found it."""

import gc
from collections.abc import Iterator

import pytest

from engine.ozon.allocation import bulk_allocation


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_paused_during_a_read_and_restored_after():
    gc.enable()
    with bulk_allocation():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_reads_keep_it_paused_until_the_last_one_ends():
    gc.enable()
    first, second = bulk_allocation(), bulk_allocation()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first read ends while the second still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_caller_that_had_it_off_keeps_it_off_even_after_a_failure():
    gc.disable()
    with pytest.raises(RuntimeError), bulk_allocation():
        raise RuntimeError("read failed")
    assert not gc.isenabled()
    gc.enable()
    with pytest.raises(RuntimeError), bulk_allocation():
        raise RuntimeError("read failed")
    assert gc.isenabled()
