"""Deep Python work kept clear of a CPython 3.11 slowdown at the edge of a data stack chunk.

CPython keeps the frames of running Python functions in chunks of 16 KiB. When a call does not
fit in the current chunk it maps a new one, and it unmaps that chunk as soon as the call
returns (python/cpython#142183; CPython 3.13 and 3.14 keep one spare chunk since March 2026,
3.11 and 3.12 do not). A deep recursion that keeps returning across a chunk's edge, as
WeasyPrint's layout and painting do thousands of times per document, maps, touches and
unmaps a chunk on every crossing. Whether it does depends only on how deep the caller
stood: in ``make bench-wizard`` the same GewA 1 render took 150 or 195 ms depending on how
the benchmark called it, with 2,300 chunk mappings and page faults per render in the slow case.

``call_in_own_stack_chunk`` runs a function after a frame that asks for more than a chunk:
CPython opens a chunk big enough for that frame and room behind it, and the function's
calls stay inside it. The frame's reserved slots are never written, so the memory pages
behind them are never touched.
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# A frame of 16,384 slots (128 KiB) makes CPython map a chunk of 256 KiB: the 128 KiB behind
# the frame hold four times what a GewA 1 render needs at its deepest (it ran with 32 KiB
# and not with 16 KiB without crossing an edge).
RESERVED_SLOTS = 16 * 1024


def call_in_own_stack_chunk(fn: Callable[[], T]) -> T:
    """``fn()``, with its calls in a data stack chunk of their own (see the module's doc string)."""
    return fn()


# The value stack size is how many slots the frame reserves; a larger one than the code
# needs is only unused room, which is the point here.
call_in_own_stack_chunk.__code__ = call_in_own_stack_chunk.__code__.replace(co_stacksize=RESERVED_SLOTS)
