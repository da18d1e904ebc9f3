"""Saving the embedded store to one file, atomically, in a versioned JSON format (never pickle)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

FORMAT = "studiograph.embedded"
VERSION = 1
SLICE = 10_000  # items of an iterator encoded at once


def save_atomic(path: Path, payload: dict[str, Any]) -> None:
    """Write payload as JSON beside `path`, fsync it, then rename over `path`.

    A crash or kill at any moment leaves either the previous file or the new
    one, never a half-written file. A value that is an iterator is written as an
    array a slice at a time, so a million edges are never one list in memory.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"format": FORMAT, "version": VERSION, **payload}
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            _dump(document, out)
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


def _dump(document: dict[str, Any], out: TextIO) -> None:
    """The document as compact JSON: json.dump's text, with iterators written as arrays, SLICE items at a time."""
    out.write("{")
    for index, (name, value) in enumerate(document.items()):
        out.write(("," if index else "") + json.dumps(name, ensure_ascii=False) + ":")
        if not isinstance(value, Iterator):
            json.dump(value, out, ensure_ascii=False, separators=(",", ":"))
            continue
        out.write("[")
        first = True
        while items := list(islice(value, SLICE)):
            out.write(("" if first else ",") + json.dumps(items, ensure_ascii=False, separators=(",", ":"))[1:-1])
            first = False
        out.write("]")
    out.write("}")


def load(path: Path) -> dict[str, Any]:
    """Read a saved store; refuses files of another format or a newer version."""
    with path.open(encoding="utf-8") as source:
        document = json.load(source)
    if document.get("format") != FORMAT:
        raise ValueError(f"{path}: not a studiograph embedded store file")
    if document.get("version") != VERSION:
        raise ValueError(f"{path}: store format version {document.get('version')}, this studiograph reads {VERSION}")
    return document
