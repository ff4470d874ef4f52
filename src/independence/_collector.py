"""Keeping what a load has built out of the cyclic collector's full passes, while it loads.

A load builds hundreds of thousands of long-lived objects (records, their ladders, origins).
CPython's cyclic collector walks every live object on each of its full passes, and it makes
more of them as the heap grows, so without help a load of 100,000 records spends about a third
of its time walking records it has already built, and the share grows with the size.

:func:`settled` keeps the collector on but moves what exists when the load starts, and what
each step of the load has built, into the collector's permanent generation with
:func:`gc.freeze`; when the load ends, successful or not, :func:`gc.unfreeze` puts all of it
back among the oldest objects, where the next full pass looks at it as before. The steps call
:func:`settle` every few dozen records (read, validated or indexed), before the young
generation fills: each freeze also starts the young generation's count again, so the
collector's passes during a load are few and find little to walk (at 10,000 records, 22
instead of 360). Nothing is lost: an object dies by its reference count as usual, and a cycle
that became garbage meanwhile is collected by the first full pass after the load.

The process's own use of :func:`gc.freeze` is respected: when something is frozen already (a
pre-forking server freezes its heap before it forks) or the collector is off, :func:`settled`
does nothing, so it never unfreezes what it did not freeze. Loads in several threads share
one scope: the objects are put back when the last of them ends. A thread that calls
:func:`gc.freeze` itself while a load runs in another would see its objects put back with the
load's, and cycles that another thread leaves as garbage during a load wait for the first
full pass after it, as the load's own do; the library does not guard against that.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["settle", "settled"]

_lock = threading.Lock()
_depth = 0  # loads running now, in every thread
_owned = False  # whether the outermost of them froze (and so unfreezes) the heap


@contextmanager
def settled() -> Iterator[None]:
    """While the block runs, full collector passes skip what already exists and what each
    :func:`settle` call marks as built; see the module docstring."""
    global _depth, _owned
    with _lock:
        if _depth == 0:
            _owned = gc.isenabled() and gc.get_freeze_count() == 0
        _depth += 1
        if _owned:
            gc.freeze()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _owned:
                _owned = False
                gc.unfreeze()


def settle() -> None:
    """Inside :func:`settled`: what has been built so far is kept; outside it, nothing."""
    if _owned:
        gc.freeze()
