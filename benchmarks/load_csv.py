"""Neo4j's own LOAD CSV doing what `studiograph load` does, as the peer the load benchmark measures.

The statements are derived from graph.model and loaders.kinds, as the loader's
columns are: one statement per file (its node MERGE and each link's MERGE in one
`CALL { ... } IN TRANSACTIONS OF 10000 ROWS`), plus one per code hierarchy.
They read the generator's clean CSVs, so they convert types but do not
normalise: the comparison counts only holds for folders that need no cleaning.
The two taxonomy files (a few dozen rows) are given to LOAD CSV already tidied
by the loader's own staging ((L)/(S) markers, levels, parents created from codes),
with a parent_code column, since Cypher has no equivalent of those rules.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

from graph.model import Kind, Property, node_type, rel_type
from loaders.kinds import KINDS, End, FileKind, Link
from loaders.readers import read_headers
from loaders.source import Source
from loaders.report import FileStats
from loaders.stage import HONOR_KEY, TIDY, stage_row
from loaders.taxonomy import missing_parents
from loaders.values import TRUE

TRANSACTION_ROWS = 10_000
PARENT = "parent_code"


@dataclass(frozen=True)
class Statement:
    file: str  # the source file it loads, e.g. people.csv
    query: str
    params: dict[str, object]


def value(prop: Property, column: str) -> str:
    """The Cypher expression of a cell as the model keeps it (clean input assumed)."""
    cell = f"row.{column}"
    match prop.kind:
        case Kind.INT:
            return f"toInteger({cell})"
        case Kind.FLOAT:
            return f"toFloat({cell})"
        case Kind.BOOL:
            return f"CASE WHEN {cell} IS NULL THEN null ELSE toLower({cell}) IN $yes END"
    return cell


def prop_map(props: tuple[Property, ...], headers: set[str], fixed: tuple[tuple[str, object], ...] = ()) -> str:
    """{name: expr, ...} for the columns the file has (an absent column leaves a property alone)."""
    parts = [f"{p.name}: {value(p, p.column)}" for p in props if p.column in headers]
    parts += [f"{name}: {value!r}" for name, value in fixed]
    return "{" + ", ".join(parts) + "}"


def key_expression(label: str) -> str:
    node = node_type(label)
    if label == "Honor":  # name-level-year, as loaders.stage derives it
        parts = ", ".join(f"row.{node.prop(p).column}" for p in HONOR_KEY)
        joined = f"reduce(s = '', x IN [p IN [{parts}] WHERE p IS NOT NULL] | s + CASE s WHEN '' THEN '' ELSE '-' END + x)"
        return f"coalesce(row.{node.key.column}, {joined})"
    return f"row.{node.key.column}"


def _end(end: End | None, var: str) -> tuple[str, str, str | None]:
    """(a MATCH or '', the label, the column it reads) for one end of a link."""
    if end is None:
        return "", "", None
    node = node_type(end.label)
    source = "ref" if end.many else f"row.{end.column}"
    return f"MATCH ({var}:{node.label} {{{node.key.name}: {source}}}) ", node.label, end.column


def link_clause(kind: FileKind, link: Link, headers: set[str]) -> str:
    """A unit subquery that MERGEs one link of a row, when its reference cells are filled."""
    rel = rel_type(link.rel_type)
    match_a, _, col_a = _end(link.source, "a")
    match_b, _, col_b = _end(link.target, "b")
    own = "n" if kind.node else None
    present = [c for c in (col_a, col_b) if c is not None]
    if any(c not in headers for c in present):
        return ""
    where = " AND ".join(f"row.{c} IS NOT NULL" for c in present)
    scope = ", ".join(v for v in ("row", own) if v)
    many = next((e for e in (link.source, link.target) if e is not None and e.many), None)
    unwind = f"UNWIND [x IN split(row.{many.column}, ';') | trim(x)] AS ref " if many else ""
    a = "a" if link.source is not None else "n"
    b = "b" if link.target is not None else "n"
    merge_on = f" {{{rel.key}: row.{rel.prop(rel.key).column}}}" if rel.key else ""
    props = prop_map(rel.properties if link.read_props else (), headers, link.fixed)
    return (
        f"CALL ({scope}) {{ WITH {scope} WHERE {where or 'true'} {unwind}{match_a}{match_b}"
        f"MERGE ({a})-[r:{rel.type}{merge_on}]->({b}) SET r += {props} }} "
    )


def file_statement(kind: FileKind, file: str, headers: set[str]) -> str:
    body = ""
    if kind.node:
        node = node_type(kind.node)
        body += f"MERGE (n:{node.label} {{{node.key.name}: {key_expression(node.label)}}}) "
        body += f"SET n += {prop_map(node.properties, headers)} "
        if kind.links:
            body += "WITH n, row "
    body += "".join(link_clause(kind, link, headers) for link in kind.links)
    return (
        f"LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {{ {body}}} "
        f"IN TRANSACTIONS OF {TRANSACTION_ROWS} ROWS"
    )


def hierarchy_statement(kind: FileKind) -> str:
    assert kind.node and kind.hierarchy
    node = node_type(kind.node)
    key = node.key.name
    return (
        f"LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {{ WITH row WHERE row.{PARENT} IS NOT NULL "
        f"MATCH (a:{node.label} {{{key}: row.{node.key.column}}}) MATCH (b:{node.label} {{{key}: row.{PARENT}}}) "
        f"MERGE (a)-[:{kind.hierarchy.rel_type}]->(b) }} IN TRANSACTIONS OF {TRANSACTION_ROWS} ROWS"
    )


def tidy_taxonomy(source_file: Path, kind: FileKind, out: Path) -> None:
    """The taxonomy as the loader stages it, parents created from codes, with a parent_code column."""
    assert kind.node and kind.hierarchy
    node = node_type(kind.node)
    source = Source(source_file, kind, FileStats(source_file.name, kind.name))
    rows = [staged.node for _, _, row in source.rows() if (staged := stage_row(source.columns, 0, row)).node]
    codes = [r[node.key.name] for r in rows]
    for code in missing_parents(codes, set(codes), kind.hierarchy.parent):
        row = {node.key.name: code, "name": code}
        TIDY[node.label](row, {})
        rows.append(row)
    columns = [p.column for p in node.all_properties]
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*columns, PARENT])
        for row in rows:
            cells = [row.get(p.name) for p in node.all_properties]
            writer.writerow([("是" if c else "否") if isinstance(c, bool) else c for c in cells]
                            + [kind.hierarchy.parent(row[node.key.name])])


def prepare(folder: Path, import_dir: Path) -> list[Statement]:
    """Copy the folder's .csv files to import_dir; every statement, in the loader's order.

    The files are named by absolute file:// URLs: neo4j-local's embedded server reports its
    data directory as server.directories.import but resolves only absolute paths.
    """
    url_prefix = import_dir.resolve().as_uri() + "/"
    found: list[Statement] = []
    params = {"yes": sorted(TRUE)}
    for kind in KINDS:
        path = folder / f"{kind.name}.csv"
        if not path.exists():
            continue
        if kind.hierarchy:
            tidy_taxonomy(path, kind, import_dir / path.name)
        else:
            shutil.copyfile(path, import_dir / path.name)
        headers = set(read_headers(import_dir / path.name))
        url = {"url": url_prefix + path.name}
        found.append(Statement(path.name, file_statement(kind, path.name, headers), {**params, **url}))
        if kind.hierarchy:
            found.append(Statement(path.name, hierarchy_statement(kind), url))
    return found

