"""Python's cyclic collector held off while a large structure is built, whose every object it would rescan."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """The collector off for the block, on again after it (if it was on); with `freeze`, what the block
    built is first frozen out of its passes (gc.freeze), until the caller's gc.unfreeze.

    Its passes rescan every object held, again and again as a build grows them: a fifth of
    a load's validation CPU at 100,000 people (loaders.load); the reading and sorting of a saved
    store (graph.embedded), its millions of dicts. Turned back on with a load's staged rows in its
    generations, it would start a full pass over all of them at once (0.27 s at 100,000 people).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
