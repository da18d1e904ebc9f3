"""Persisted queries, in the protocol of Apollo's automatic persisted queries: a document sent by its SHA-256.

A client sends `extensions: {persistedQuery: {version: 1, sha256Hash}}` without the
query. A hash this process has not seen is answered PERSISTED_QUERY_NOT_FOUND; the
client then sends the text with the hash once, and the hash alone after that (a
short body, or a GET a cache can keep). The text must hash to the hash given. Only
documents that parse and pass the limits are kept, in memory, bounded by their
total size; each worker keeps its own.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from api.errors import ApiError, Code, bad_input

VERSION = 1
MAX_BYTES = 4 * 1024 * 1024  # the documents kept, all together
_SHA256 = re.compile(r"[0-9a-f]{64}")


def persisted_hash(extensions: dict[str, Any] | None) -> str | None:
    """The hash named by `extensions.persistedQuery`, if any; a malformed one is BAD_USER_INPUT."""
    asked = (extensions or {}).get("persistedQuery")
    if asked is None:
        return None
    if not isinstance(asked, dict) or asked.get("version") != VERSION:
        raise bad_input(f"`extensions.persistedQuery` must be an object with `version: {VERSION}` and `sha256Hash`")
    sha = asked.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise bad_input("`extensions.persistedQuery.sha256Hash` must be 64 lowercase hexadecimal digits")
    return sha


def not_found(sha: str) -> ApiError:
    return ApiError(Code.PERSISTED_QUERY_NOT_FOUND, f"no persisted query {sha[:12]}…: send it again with `query`")


class PersistedQueries:
    """Documents by their SHA-256, the least recently used dropped first once over `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def text(self, sha: str) -> str:
        """The document with this hash, or PERSISTED_QUERY_NOT_FOUND."""
        if sha not in self._texts:
            raise not_found(sha)
        self._texts.move_to_end(sha)
        return self._texts[sha]

    @staticmethod
    def check(sha: str, query: str) -> None:
        """BAD_USER_INPUT unless the document hashes to the hash sent with it."""
        if hashlib.sha256(query.encode()).hexdigest() != sha:
            raise bad_input("`extensions.persistedQuery.sha256Hash` is not the SHA-256 of `query`")

    def remember(self, sha: str, query: str) -> None:
        """Keep a document that was checked, parsed and found within the limits."""
        if sha in self._texts:
            return
        size = len(query.encode())
        if size > self.max_bytes:
            return
        self._texts[sha] = query
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, dropped = self._texts.popitem(last=False)
            self._bytes -= len(dropped.encode())

    def __len__(self) -> int:
        return len(self._texts)
