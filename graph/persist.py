"""Saving the embedded store to one file, atomically, in a versioned JSON format (never pickle)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "studiograph.embedded"
VERSION = 1


def save_atomic(path: Path, payload: dict[str, Any]) -> None:
    """Write payload as JSON beside `path`, fsync it, then rename over `path`.

    A crash or kill at any moment leaves either the previous file or the new
    one, never a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"format": FORMAT, "version": VERSION, **payload}
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def load(path: Path) -> dict[str, Any]:
    """Read a saved store; refuses files of another format or a newer version."""
    with path.open(encoding="utf-8") as source:
        document = json.load(source)
    if document.get("format") != FORMAT:
        raise ValueError(f"{path}: not a studiograph embedded store file")
    if document.get("version") != VERSION:
        raise ValueError(f"{path}: store format version {document.get('version')}, this studiograph reads {VERSION}")
    return document
