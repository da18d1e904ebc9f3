"""A progress bar on an interactive terminal; nothing at all in CI logs or pipes."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Silent:
    """What progress gives when nobody watches: its calls do nothing."""

    disable = True

    def update(self, n: int = 1) -> None:
        """Nothing."""

    def close(self) -> None:
        """Nothing."""


def progress(desc: str, total: int | None = None) -> tqdm | Silent:
    """Call .update() per row and .close() at the end; Silent when stderr is not a terminal.

    Not a disabled tqdm: a process's first tqdm creates a multiprocessing lock, importing
    multiprocessing on the way, 5-7 ms charged to the first file of every load.
    """
    isatty = getattr(sys.stderr, "isatty", None)  # stderr may be None (closed) or a stand-in without one
    if isatty is None or not isatty():
        return Silent()
    return tqdm(total=total, desc=desc, unit=" rows", file=sys.stderr, leave=False, mininterval=0.5)
