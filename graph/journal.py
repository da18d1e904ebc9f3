"""The load journal: one record per load, kept by each store apart from the domain graph.

A record is written when a load starts and again when it ends, so a load that
never ended (its process killed, its store gone) stays `started`. Neo4j keeps
records as `LoadRun` nodes, a label outside graph.model (so no count, query or
GraphQL type sees them); the embedded store keeps them in a file beside its
graph. Both answer alike, newest first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from graph.cypher import Plan

LABEL = "LoadRun"
STARTED, LOADED, REJECTED, REFUSED, FAILED = "started", "loaded", "loaded with rejects", "refused", "failed"
NOT_APPLIED = "not applied"  # a --sync whose plan was not confirmed: nothing written


@dataclass
class LoadRun:
    """One load: what it read, who ran it, when, and how it ended."""

    run_id: str
    folder: str
    user: str
    host: str
    pid: int
    started: str  # ISO 8601, UTC
    mode: str = "load"  # load, skip-invalid or sync
    status: str = STARTED
    finished: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # file, sheet, kind, sha256, rows, written, rejected
    removed: int = 0  # nodes and relationships a sync removed
    error: str | None = None
    completed_by: str | None = None  # the later run of the same folder that loaded what this one did not finish

    @property
    def incomplete(self) -> bool:
        """Started and never ended, or failed: until a later run completes it."""
        return self.status in (STARTED, FAILED) and self.completed_by is None

    def to_props(self) -> dict[str, Any]:
        """Flat properties a Neo4j node can hold: the file list as JSON text."""
        props = asdict(self)
        props["files"] = json.dumps(self.files, ensure_ascii=False)
        return {k: v for k, v in props.items() if v is not None}

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> "LoadRun":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in props.items() if k in known}
        if isinstance(values.get("files"), str):
            values["files"] = json.loads(values["files"])
        return cls(**values)


def newest_first(runs: Iterable[LoadRun]) -> list[LoadRun]:
    return sorted(runs, key=lambda r: (r.started, r.run_id), reverse=True)


# -- Neo4j -------------------------------------------------------------------


def schema_statements() -> list[str]:
    return [f"CREATE CONSTRAINT loadrun_key IF NOT EXISTS FOR (r:{LABEL}) REQUIRE r.run_id IS UNIQUE"]


def record(run: LoadRun) -> Plan[None]:
    yield (f"MERGE (r:{LABEL} {{run_id: $id}}) SET r = $props", {"id": run.run_id, "props": run.to_props()})


def runs() -> Plan[list[LoadRun]]:
    records = yield (f"MATCH (r:{LABEL}) RETURN properties(r) AS props", {})
    return newest_first(LoadRun.from_props(r["props"]) for r in records)
