"""Deep calls run in a data stack chunk of their own (portal/data_stack.py).

A new stack chunk is fresh memory from the operating system: the first write to it is a page
fault. The process's page fault count therefore shows, without timing anything, whether a
call crossed into a newly mapped chunk.
"""

import resource

import pytest

from portal.data_stack import call_in_own_stack_chunk

DIVES = 200
DIVE_DEPTH = 30
# Caller depths to try: together they span more than one 16 KiB chunk of small frames, so
# at one of them the dives cross a chunk's edge.
CALLER_DEPTHS = range(0, 400, 10)


def _deepen(depth: int, fn):
    return _deepen(depth - 1, fn) if depth else fn()


def _dive_repeatedly() -> None:
    for _ in range(DIVES):
        _deepen(DIVE_DEPTH, lambda: None)


def _page_faults(fn) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    fn()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _most_page_faults(*, own_chunk: bool) -> int:
    """The most page faults that ``DIVES`` dives cost at any of the caller depths."""

    def dives_from(depth: int) -> None:
        if own_chunk:
            call_in_own_stack_chunk(lambda: _deepen(depth, _dive_repeatedly))
        else:
            _deepen(depth, _dive_repeatedly)

    return max(_page_faults(lambda depth=depth: dives_from(depth)) for depth in CALLER_DEPTHS)


def test_the_result_and_the_exceptions_of_the_function_pass_through():
    assert call_in_own_stack_chunk(lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        call_in_own_stack_chunk(lambda: 1 / 0)


def test_repeated_deep_calls_map_no_new_stack_chunk_whatever_the_callers_depth():
    if _most_page_faults(own_chunk=False) < DIVES:
        pytest.skip("this CPython keeps a spare stack chunk (python/cpython#142183): nothing to work around")
    # Without the helper, one of the caller depths maps (and faults in) a chunk on every dive.
    assert _most_page_faults(own_chunk=True) < DIVES // 10
