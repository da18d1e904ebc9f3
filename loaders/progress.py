"""A progress bar on an interactive terminal; nothing at all in CI logs or pipes."""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress(desc: str, total: int | None = None) -> tqdm:
    """Call .update() per row and .close() at the end; disabled when stderr is not a terminal."""
    return tqdm(total=total, desc=desc, unit=" rows", disable=None, file=sys.stderr, leave=False, mininterval=0.5)
