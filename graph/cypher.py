"""Cypher, derived from the model: the schema, the batched writes and every read.

Each operation is a *plan*: a generator that yields (query, parameters) and is
sent back the records, then returns the answer. graph.neo4j_store drives the
same plan with the sync driver (loaders) or the async driver (the API), inside
one managed transaction, so no query is written twice. Property names and
labels come from the model, never from user input; values are parameters.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from graph import checks
from graph.branches import merged
from graph.codes import within_prefix
from graph.errors import MissingEndpoint
from graph.model import NODES, RELS, NodeType, RelType, node_type, rel_type
from graph.query import (
    And,
    Branch,
    Contains,
    Direction,
    Edge,
    Eq,
    Fetched,
    Filter,
    In,
    Neighbour,
    NeighbourPage,
    Not,
    NodeRef,
    Or,
    Order,
    Page,
    Path,
    Range,
    Related,
    Traversal,
    Tree,
    Within,
    sort_neighbours,
)
from graph.upserts import NodeUpsert, RelUpsert, Upsert

T = TypeVar("T")
Query = tuple[str, dict[str, Any]]
Records = list[dict[str, Any]]
Plan = Generator[Query, Records, T]


# -- schema ----------------------------------------------------------------


def schema_statements() -> list[str]:
    """Constraints first, then range and text indexes, all IF NOT EXISTS."""
    statements = [
        f"CREATE CONSTRAINT {n.label.lower()}_key IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.{n.key.name} IS UNIQUE"
        for n in NODES
    ]
    for n in NODES:
        statements += [
            f"CREATE INDEX {n.label.lower()}_{p.name.lower()} IF NOT EXISTS FOR (n:{n.label}) ON (n.{p.name})"
            for p in n.properties
            if p.indexed or p.sorts
        ]
        statements += [
            f"CREATE TEXT INDEX {n.label.lower()}_{field}_text IF NOT EXISTS FOR (n:{n.label}) ON (n.{field})"
            for field in ((n.text, *n.search_also) if n.text else ())
        ]
    for r in RELS:
        statements += [
            f"CREATE INDEX {r.type.lower()}_{p.name.lower()} IF NOT EXISTS FOR ()-[r:{r.type}]-() ON (r.{p.name})"
            for p in r.properties
            if p.indexed
        ]
    return statements


# -- writes ----------------------------------------------------------------

# A batch write finds its rows' nodes by their unique keys, and a count reads the count
# store: no statistics change their plans. Replanning such a statement as a load fills the
# store (Neo4j does when a label's count has moved by three quarters) finds the same plan
# for ~50 ms of the server's CPU each time.
NO_REPLAN = "CYPHER replan=skip "


@dataclass(frozen=True)
class Part:
    """One statement of a batch write: what it does with each `row` of its rows, to UNWIND."""

    clauses: str
    rows: list[list[Any]]


def _node_parts(write: NodeUpsert) -> list[Part]:
    """MERGE on the key; with `new`, CREATE (no lookup): the key's constraint refuses a key already stored.

    Rows go as lists of values, one part for each set of properties they give (the write's
    checked `groups`): lists pack and unpack faster than maps, on both sides of the wire.
    """
    node = node_type(write.label)
    parts: list[Part] = []
    for names, values in write.groups:
        if write.new:
            props = ", ".join(f"{name}: row[{i}]" for i, name in enumerate(names))
            parts.append(Part(f"CREATE (n:{node.label} {{{props}}}) ", values))
        else:
            key = names.index(node.key.name)
            parts.append(Part(f"MERGE (n:{node.label} {{{node.key.name}: row[{key}]}}) {_set('n', names, 0)}", values))
    return parts


def _set(var: str, names: Sequence[str], offset: int) -> str:
    """SET var.name = row[i], ... for the properties at `offset` on in each row list ('' for none)."""
    if not names:
        return ""
    return "SET " + ", ".join(f"{var}.{name} = row[{offset + i}]" for i, name in enumerate(names)) + " "


def _rel_parts(write: RelUpsert) -> list[Part]:
    """MERGE (or with `new`, CREATE) each row between its stored ends.

    Each row goes as [from, to, its property values...] (see _node_parts). With `new`, CREATE:
    no lookup among the ends' relationships, which the caller knows hold none of these.
    """
    rel, new = rel_type(write.rel_type), write.new
    source, target = _ends_of(write)
    parts: list[Part] = []
    for names, values in write.groups:
        ends = (f"MATCH (a:{source.label} {{{source.key.name}: row[0]}}) "
                f"MATCH (b:{target.label} {{{target.key.name}: row[1]}}) ")
        if new and (rel.key is None or rel.key in names):  # a keyed row without its key: MERGE refuses it
            props = ", ".join(f"{name}: row[{2 + i}]" for i, name in enumerate(names))
            parts.append(Part(ends + f"CREATE (a)-[r:{rel.type} {{{props}}}]->(b) ", values))
        else:
            key = f"row[{2 + names.index(rel.key)}]" if rel.key in names else "null"  # null: MERGE refuses it
            merge_on = f" {{{rel.key}: {key}}}" if rel.key else ""
            parts.append(Part(ends + f"MERGE (a)-[r:{rel.type}{merge_on}]->(b) {_set('r', names, 2)}", values))
    return parts


def _ends_of(write: RelUpsert) -> tuple[NodeType, NodeType]:
    """The node types a relationship write's rows start and end at, checked against the model."""
    rel = rel_type(write.rel_type)
    source, target = node_type(write.from_label or rel.sources[0]), node_type(write.to_label or rel.targets[0])
    checks.check_labels(rel, source.label, target.label)
    return source, target


def upserts(writes: Sequence[Upsert]) -> Plan[int]:
    """Every write's parts, in order, as one query of CALL subqueries: a transaction's writes take one round trip.

    Each part reports the rows it wrote. A relationship write whose rows matched fewer
    than it gave names its missing ends (MissingEndpoint), which rolls the whole
    transaction back.
    """
    parts = [(index, part) for index, write in enumerate(writes) for part in (
        _node_parts(write) if isinstance(write, NodeUpsert) else _rel_parts(write))]
    if not parts:
        return 0
    calls = " ".join(f"CALL () {{ UNWIND $rows{i} AS row {part.clauses}RETURN count(*) AS w{i} }}"
                     for i, (_, part) in enumerate(parts))
    records = yield (
        NO_REPLAN + calls + " RETURN " + ", ".join(f"w{i}" for i in range(len(parts))),
        {f"rows{i}": part.rows for i, (_, part) in enumerate(parts)},
    )
    written = [0] * len(writes)
    for i, (index, _) in enumerate(parts):
        written[index] += records[0][f"w{i}"]
    for write, count in zip(writes, written):
        if isinstance(write, RelUpsert) and count != len(write.rows):
            yield from _missing_ends(write)
    return sum(written)


def _missing_ends(write: RelUpsert) -> Plan[None]:
    """Raise MissingEndpoint naming the write's ends that are not stored, looked up once every write has run."""
    missing: list[str] = []
    for end, node in zip(("from", "to"), _ends_of(write)):
        found = yield (
            f"UNWIND $keys AS k OPTIONAL MATCH (n:{node.label} {{{node.key.name}: k}}) "
            "WITH k, n WHERE n IS NULL RETURN k",
            {"keys": sorted({str(row[end]) for row in write.rows})},
        )
        missing += [f"{node.label} {r['k']!r}" for r in found]
    if not missing:  # every end is stored now: a later write of the same call created it, after this one ran
        raise MissingEndpoint(f"{write.rel_type}: a node it names is created only by a later write of the same call")
    raise MissingEndpoint(f"{write.rel_type}: no such node: {', '.join(missing[:10])}")


def remove_nodes(label: str, keys: Sequence[str]) -> Plan[int]:
    """DETACH DELETE the nodes with these keys: their relationships go with them."""
    node = node_type(label)
    records = yield (
        f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key.name}: k}}) DETACH DELETE n RETURN count(*) AS removed",
        {"keys": list(dict.fromkeys(keys))},
    )
    return records[0]["removed"] if records else 0


def remove_relationships(
    rel_name: str, rows: Sequence[dict[str, Any]], from_label: str | None, to_label: str | None
) -> Plan[int]:
    """DELETE each row's relationship between its ends (the one with its key, for a type with a key)."""
    rel = rel_type(rel_name)
    source, target = node_type(from_label or rel.sources[0]), node_type(to_label or rel.targets[0])
    checks.check_labels(rel, source.label, target.label)
    params = [{"from": str(row["from"]), "to": str(row["to"]), "props": {rel.key: row.get(rel.key)} if rel.key else {}}
              for row in rows]
    keyed = f" WHERE r.{rel.key} = row.props.{rel.key}" if rel.key else ""
    records = yield (
        f"UNWIND $rows AS row MATCH (a:{source.label} {{{source.key.name}: row.from}})-[r:{rel.type}]->"
        f"(b:{target.label} {{{target.key.name}: row.to}}){keyed} DELETE r RETURN count(*) AS removed",
        {"rows": params},
    )
    return records[0]["removed"] if records else 0


# -- reads -----------------------------------------------------------------


def get_nodes(label: str, keys: Iterable[str]) -> Plan[dict[str, dict[str, Any]]]:
    node = node_type(label)
    records = yield (
        f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key.name}: k}}) RETURN k, properties(n) AS props",
        {"keys": list(dict.fromkeys(keys))},
    )
    return {r["k"]: r["props"] for r in records}


def neighbours(
    label: str, keys: Iterable[str], rel_name: str, direction: Direction, page: NeighbourPage | None = None,
) -> Plan[dict[str, list[Neighbour]]]:
    """Each key's neighbours; with a page, each node's page is cut in the query (sorted, SKIP, LIMIT per node)."""
    node, rel = node_type(label), rel_type(rel_name)
    keys = list(dict.fromkeys(keys))
    others = _other_labels(rel, direction, page)
    params: dict[str, Any] = {"keys": keys, "others": others}
    match = f"MATCH (a){_arrow('r', rel.type, direction)}(b) WITH r, b, [l IN labels(b) WHERE l IN $others][0] AS label"
    if page is None:
        body = f"{match} WHERE label IS NOT NULL RETURN r, b, label"
    else:
        params.update(first=page.first, offset=page.offset)
        body = (f"{match} WHERE label IS NOT NULL "
                f"RETURN r, b, label {_page_order(rel, others, 'r', 'b', 'label')} SKIP $offset LIMIT $first")
    records = yield (
        f"UNWIND $keys AS k MATCH (a:{node.label} {{{node.key.name}: k}}) CALL (a) {{ {body} }} "
        "RETURN k, label, properties(b) AS node, properties(r) AS rel",
        params,
    )
    answer: dict[str, list[Neighbour]] = {key: [] for key in keys}
    for r in records:
        answer[r["k"]].append(Neighbour(r["label"], r["node"][node_type(r["label"]).key.name], r["node"], r["rel"]))
    return {key: sort_neighbours(found, rel.key) for key, found in answer.items()}


def subtree(label: str, keys: Iterable[str], branches: Sequence[Branch]) -> Plan[Tree]:
    """The nodes and their whole tree of branches in one query: nested COLLECT subqueries, each node's page cut in place."""
    node = node_type(label)
    keys = list(dict.fromkeys(keys))
    params: dict[str, Any] = {"keys": keys}
    parts = ", ".join(f"b{i}: {_branch(branch, 'n', params)}" for i, branch in enumerate(branches))
    records = yield (
        f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key.name}: k}}) "
        f"RETURN k, properties(n) AS node, {{{parts}}} AS tree", params
    )
    fetched = [Fetched(branch, {key: [] for key in keys}) for branch in branches]  # keys not stored: no neighbours
    for record in records:
        for i, branch in enumerate(branches):
            fetched += _decoded(branch, record["k"], record["tree"][f"b{i}"])
    return Tree({record["k"]: record["node"] for record in records}, merged(fetched))


def _branch(branch: Branch, var: str, params: dict[str, Any]) -> str:
    """A COLLECT subquery listing one page of `var`'s neighbours across the branch, with its own branches below."""
    rel, n = rel_type(branch.rel_type), len(params)
    other, r, label = f"m{n}", f"r{n}", f"label{n}"
    others = _other_labels(rel, branch.direction, branch.page)
    params.update({f"others{n}": others, f"first{n}": branch.page.first, f"offset{n}": branch.page.offset})
    below = "".join(f", b{i}: {_branch(child, other, params)}" for i, child in enumerate(branch.below))
    return (
        f"COLLECT {{ MATCH ({var}:{branch.label}){_arrow(r, rel.type, branch.direction)}({other}) "
        f"WITH {r}, {other}, [l IN labels({other}) WHERE l IN $others{n}][0] AS {label} WHERE {label} IS NOT NULL "
        f"WITH {r}, {other}, {label} {_page_order(rel, others, r, other, label)} SKIP $offset{n} LIMIT $first{n} "
        f"RETURN {{label: {label}, node: properties({other}), rel: properties({r}){below}}} }}"
    )


def _other_labels(rel: RelType, direction: Direction, page: NeighbourPage | None) -> list[str]:
    """The labels a neighbour may have: the relationship's far ends, or the one the page keeps."""
    if page is not None and page.label:
        return [page.label]
    return list(rel.targets if direction is Direction.OUT else rel.sources)


def _page_order(rel: RelType, others: list[str], r: str, other: str, label: str) -> str:
    """ORDER BY the neighbour's label, its key, then the relationship's key: sort_neighbours' order, in Cypher."""
    other_key = f"CASE {label} " + " ".join(f"WHEN '{o}' THEN {other}.{node_type(o).key.name}" for o in others) + " END"
    rel_key = f"coalesce(toString({r}.{rel.key}), '')" if rel.key else "''"
    return f"ORDER BY {label}, {other_key}, {rel_key}"


def _decoded(branch: Branch, parent: str, items: list[dict[str, Any]]) -> list[Fetched]:
    """The Fetched of one branch below one parent, and of every branch below it, from the query's nested maps."""
    found = [Neighbour(i["label"], i["node"][node_type(i["label"]).key.name], i["node"], i["rel"]) for i in items]
    fetched = [Fetched(branch, {parent: sort_neighbours(found, rel_type(branch.rel_type).key)})]
    for neighbour, item in zip(found, items):
        for i, child in enumerate(branch.below):
            if neighbour.label == child.label:
                fetched += _decoded(child, neighbour.key, item[f"b{i}"])
    return fetched


def count_neighbours(label: str, keys: Iterable[str], rel_name: str, direction: Direction) -> Plan[dict[str, int]]:
    """Counts from the nodes' degrees: no neighbour is read."""
    node, rel = node_type(label), rel_type(rel_name)
    keys = list(dict.fromkeys(keys))
    records = yield (
        f"UNWIND $keys AS k MATCH (a:{node.label} {{{node.key.name}: k}}) "
        f"RETURN k, COUNT {{ (a){_arrow('', rel.type, direction)}() }} AS n",
        {"keys": keys},
    )
    counted = {r["k"]: r["n"] for r in records}
    return {key: counted.get(key, 0) for key in keys}


def list_nodes(
    label: str, where: Filter | None, order_by: Sequence[Order], first: int | None, offset: int, with_total: bool
) -> Plan[Page]:
    node = node_type(label)
    params: dict[str, Any] = {"offset": offset}
    test = compile_filter(where, "n", node, params) if where is not None else None
    condition = f" WHERE {test}" if test is not None else ""
    if first is not None and len(order_by) == 1 and node.sorted_by_index(order_by[0].field):
        items = yield from _index_ordered_page(node, test, params, order_by[0], first, offset)
    else:
        sort = [f"n.{node.prop(o.field).name}{' DESC' if o.descending else ''}" for o in order_by]
        sort.append(f"n.{node.key.name}")
        limit = ""
        if first is not None:
            params["first"] = first
            limit = " LIMIT $first"
        records = yield (
            f"MATCH (n:{node.label}){condition} RETURN properties(n) AS props ORDER BY {', '.join(sort)} SKIP $offset{limit}",
            params,
        )
        items = [r["props"] for r in records]
    total = None
    if with_total:
        counted = yield (f"MATCH (n:{node.label}){condition} RETURN count(n) AS total", params)
        total = counted[0]["total"]
    return Page(items, total)


def _index_ordered_page(
    node: NodeType, test: str | None, params: dict[str, Any], order: Order, first: int, offset: int,
) -> Plan[list[dict[str, Any]]]:
    """A page read from the property's range index in order, stopping after `first` (no sort of every match).

    Both stores put nodes without the value last ascending and first descending:
    those are a second segment, by key, read only when the page reaches it.
    """
    prop, key = node.prop(order.field), node.key.name
    has, lacks = f"n.{prop.name} IS NOT NULL", f"n.{prop.name} IS NULL"
    segments = [has] if prop.required else [lacks, has] if order.descending else [has, lacks]
    items: list[dict[str, Any]] = []
    for segment in segments:
        where = segment if test is None else f"{segment} AND ({test})"
        match = f"MATCH (n:{node.label}) USING INDEX n:{node.label}({prop.name})" if segment == has else f"MATCH (n:{node.label})"
        ordering = f"n.{prop.name}{' DESC' if order.descending else ''}, n.{key}" if segment == has else f"n.{key}"
        records = yield (
            f"{match} WHERE {where} RETURN properties(n) AS props ORDER BY {ordering} SKIP $offset LIMIT $first",
            {**params, "offset": offset, "first": first - len(items)},
        )
        items += [r["props"] for r in records]
        if len(items) == first:
            break
        if records:
            offset = 0
        else:  # the page starts past this segment: skip what it holds
            counted = yield (f"MATCH (n:{node.label}) WHERE {where} RETURN count(n) AS total", params)
            offset = max(0, offset - counted[0]["total"])
    return items


def traverse(
    label: str, keys: Iterable[str], rel_name: str, direction: Direction, max_depth: int, rel_where: Filter | None,
    properties: bool = True,
) -> Plan[Traversal]:
    """Breadth-first, one query per generation, all in one read transaction (see Store.traverse)."""
    node, rel = node_type(label), rel_type(rel_name)
    params: dict[str, Any] = {}
    condition = f" WHERE {compile_filter(rel_where, 'r', rel, params)}" if rel_where is not None else ""

    def node_props(var: str) -> str:
        return f"properties({var})" if properties else "{}"

    rel_props = "properties(r)" if properties else (
        f"CASE WHEN r.{rel.key} IS NULL THEN {{}} ELSE {{{rel.key}: r.{rel.key}}} END" if rel.key else "{}")
    found = yield (
        f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key.name}: k}}) RETURN k, {node_props('n')} AS props",
        {"keys": list(dict.fromkeys(keys))},
    )
    depth = {r["k"]: 0 for r in found}
    nodes = {r["k"]: r["props"] for r in found}
    edges: list[Edge] = []
    frontier = list(depth)
    for generation in range(1, max_depth + 1):
        if not frontier:
            break
        records = yield (
            f"UNWIND $keys AS k MATCH (a:{node.label} {{{node.key.name}: k}})"
            f"{_arrow('r', rel.type, direction)}(b:{node.label}){condition} "
            f"RETURN k, b.{node.key.name} AS other, {node_props('b')} AS node, {rel_props} AS rel",
            {**params, "keys": frontier},
        )
        frontier = []
        for r in records:
            source, target = (r["k"], r["other"]) if direction is Direction.OUT else (r["other"], r["k"])
            edges.append(Edge(rel.type, NodeRef(label, source), NodeRef(label, target), r["rel"]))
            if r["other"] not in depth:
                depth[r["other"]] = generation
                nodes[r["other"]] = r["node"]
                frontier.append(r["other"])
    edges.sort(key=lambda e: (e.source.key, e.target.key, rel.key_of(e.props)))
    return Traversal(depth, nodes, edges)


def shortest_path(start: NodeRef, end: NodeRef, rel_types: Sequence[str], max_length: int) -> Plan[Path | None]:
    """All shortest paths, then the smallest by (label, key) sequence, as the embedded store walks."""
    a, b = node_type(start.label), node_type(end.label)
    types = "|".join(rel_type(t).type for t in rel_types)
    params = {"a": start.key, "b": end.key}
    ends = yield (
        f"OPTIONAL MATCH (a:{a.label} {{{a.key.name}: $a}}) OPTIONAL MATCH (b:{b.label} {{{b.key.name}: $b}}) "
        "RETURN properties(a) AS a, properties(b) AS b",
        params,
    )
    if ends[0]["a"] is None or ends[0]["b"] is None:
        return None
    if start == end:
        return Path([(start, ends[0]["a"])], [])
    records = yield (
        f"MATCH (a:{a.label} {{{a.key.name}: $a}}), (b:{b.label} {{{b.key.name}: $b}}) "
        f"MATCH p = allShortestPaths((a)-[:{types}*..{int(max_length)}]-(b)) "
        "RETURN [n IN nodes(p) | {id: elementId(n), label: labels(n)[0], props: properties(n)}] AS nodes, "
        "[r IN relationships(p) | {type: type(r), start: elementId(startNode(r)), props: properties(r)}] AS rels",
        params,
    )
    paths = [_path(r["nodes"], r["rels"]) for r in records]
    return min(paths, key=_path_order, default=None)


def search(text: str, labels: Sequence[str], first: int) -> Plan[list[tuple[str, dict[str, Any]]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for label in labels:
        node = node_type(label)
        if node.text is None or len(found) >= first:
            continue
        test = " OR ".join(f"n.{field} CONTAINS $text" for field in (node.text, *node.search_also))
        records = yield (
            f"MATCH (n:{node.label}) WHERE {test} RETURN properties(n) AS props "
            f"ORDER BY n.{node.text}, n.{node.key.name} LIMIT $first",
            {"text": text, "first": first - len(found)},
        )
        found += [(node.label, r["props"]) for r in records]
    return found


def counts() -> Plan[dict[str, int]]:
    """Every label's and type's count, from Neo4j's count store: the same plan whatever the statistics.

    A load counts before and after it writes, when the statistics have just moved the most:
    replanned then, its statements cost the server about 0.2 s.
    """
    answer: dict[str, int] = {}
    for n in NODES:
        records = yield (f"{NO_REPLAN}MATCH (n:{n.label}) RETURN count(n) AS c", {})
        answer[n.label] = records[0]["c"]
    for r in RELS:
        records = yield (f"{NO_REPLAN}MATCH ()-[r:{r.type}]->() RETURN count(r) AS c", {})
        answer[r.type] = records[0]["c"]
    return answer


# -- filters ---------------------------------------------------------------


def compile_filter(where: Filter, var: str, owner: NodeType | RelType, params: dict[str, Any]) -> str:
    """A WHERE condition on `var`; values go into `params` as $p0, $p1, ..."""

    def value(v: Any) -> str:
        name = f"p{len(params)}"
        params[name] = v
        return f"${name}"

    def field(name: str) -> str:
        return f"{var}.{owner.prop(name).name}"

    match where:
        case Eq(name, v):
            return f"{field(name)} = {value(v)}"
        case In(name, values):
            return f"{field(name)} IN {value(list(values))}"
        case Range(name, gte, lte):
            parts = [f"{field(name)} IS NOT NULL"]
            parts += [f"{field(name)} >= {value(gte)}"] if gte is not None else []
            parts += [f"{field(name)} <= {value(lte)}"] if lte is not None else []
            return "(" + " AND ".join(parts) + ")"
        case Contains(name, text):
            return f"{field(name)} CONTAINS {value(text)}"
        case Within(name, code, scheme):
            exact, prefix = within_prefix(code, scheme)
            return f"({field(name)} = {value(exact)} OR {field(name)} STARTS WITH {value(prefix)})"
        case Related(type_name, direction, inner):
            rel = rel_type(type_name)
            other_var = f"{var}_{len(params)}"
            others = rel.targets if direction is Direction.OUT else rel.sources
            other = node_type(others[0])
            pattern = f"({var}){_arrow('', rel.type, direction)}({other_var}:{other.label})"
            condition = f" WHERE {compile_filter(inner, other_var, other, params)}" if inner is not None else ""
            return f"EXISTS {{ MATCH {pattern}{condition} }}"
        case And(items):
            return "(" + " AND ".join(compile_filter(i, var, owner, params) for i in items) + ")" if items else "true"
        case Or(items):
            return "(" + " OR ".join(compile_filter(i, var, owner, params) for i in items) + ")" if items else "false"
        case Not(item):
            return f"NOT ({compile_filter(item, var, owner, params)})"
    raise TypeError(f"not a filter: {where!r}")


def _arrow(var: str, type_: str, direction: Direction) -> str:
    return f"-[{var}:{type_}]->" if direction is Direction.OUT else f"<-[{var}:{type_}]-"


def _path(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> Path:
    refs = [NodeRef(n["label"], n["props"][node_type(n["label"]).key.name]) for n in nodes]
    edges = []
    for i, r in enumerate(rels):
        forward = r["start"] == nodes[i]["id"]
        source, target = (refs[i], refs[i + 1]) if forward else (refs[i + 1], refs[i])
        edges.append(Edge(r["type"], source, target, r["props"]))
    return Path([(ref, n["props"]) for ref, n in zip(refs, nodes)], edges)


def _path_order(path: Path) -> tuple[Any, ...]:
    """Node sequence first, then each step's (type, relationship key), as the embedded walk chooses."""
    steps = tuple((ref.label, ref.key) for ref, _ in path.nodes)
    rels = tuple((e.type, str(e.props.get(rel_type(e.type).key or "", "") or "")) for e in path.edges)
    return steps, rels
