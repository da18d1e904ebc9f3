"""Saving the embedded store to one file, atomically, in a versioned JSON format (never pickle); reading it back.

Both ways stream: a million edges are never one list in memory, on saving or on
reading (a 1,000,000-person store read whole took 5.4 GiB to open; BENCHMARKS.md,
fifteenth session).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

FORMAT = "studiograph.embedded"
VERSION = 1
SLICE = 10_000  # items of an iterator encoded at once
CHUNK = 1 << 20  # characters read from the file at once
SPACE = re.compile(r"\s*")
DECODER = json.JSONDecoder()
NUMBER_GOES_ON = frozenset("0123456789.eE+-")  # what may follow a number's first characters within it


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
    """Read a saved file whole (a small one: the load journal); refuses files of another format or a newer version."""
    return {name: list(value) if isinstance(value, Iterator) else value for name, value in read(path)}


def read(path: Path) -> Iterator[tuple[str, Any]]:
    """A saved file's top-level fields in order, each array as an iterator of its items, read as it is consumed.

    An array's items must be taken before the next field (as itertools.groupby's groups); the
    ones left are skipped. Refuses files of another format or a newer version before the first array.
    """
    with path.open(encoding="utf-8") as source:
        reader = _Reader(source)
        reader.expect("{")
        names: list[str] = []
        while reader.peek() != "}":
            if names:
                reader.expect(",")
            name = reader.value()
            reader.expect(":")
            value: Any = reader.items() if reader.peek() == "[" else reader.value()
            names.append(name)
            _check_header(path, names, value)
            yield name, value
            if isinstance(value, Iterator):
                for _ in value:
                    pass
        if len(names) < 2:
            raise ValueError(f"{path}: not a studiograph embedded store file")


def _check_header(path: Path, names: list[str], value: Any) -> None:
    """The first field names the format, the second its version."""
    if (len(names) == 1 and (names[0] != "format" or value != FORMAT)) or (len(names) == 2 and names[1] != "version"):
        raise ValueError(f"{path}: not a studiograph embedded store file")
    if len(names) == 2 and value != VERSION:
        raise ValueError(f"{path}: store format version {value}, this studiograph reads {VERSION}")


class _Reader:
    """JSON read from a text file a chunk at a time: values whole (json's own decoder), arrays item by item."""

    def __init__(self, source: TextIO) -> None:
        self.source, self.text, self.at = source, "", 0

    def _more(self) -> bool:
        chunk = self.source.read(CHUNK)
        if chunk:
            self.text, self.at = self.text[self.at:] + chunk, 0
        return bool(chunk)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self.at = SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self._more():
                return self.text[self.at:self.at + 1]

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise ValueError(f"{self.source.name}: expected {char!r}, found {found or 'the end'!r}")
        self.at += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self._more():
                    continue  # cut by the chunk's end
                raise ValueError(f"{self.source.name}: not a whole JSON file: {error.msg}") from error
            if (end < len(self.text) and self.text[end] not in NUMBER_GOES_ON) or not self._more():
                self.at = end  # else a number cut by the chunk's end ("12" of "12.5"): read on
                return value

    def items(self) -> Iterator[Any]:
        self.expect("[")
        if self.peek() == "]":
            self.at += 1
            return
        while True:
            yield self.value()
            following = self.peek()
            self.expect(following if following in ",]" else ",")
            if following == "]":
                return
