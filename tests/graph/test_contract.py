"""The store contract: every operation, against both stores, with the same expected answers."""

from __future__ import annotations

import pytest

from graph.codes import Scheme
from graph.errors import ConstraintViolation, InvalidData, MissingEndpoint
from graph.query import And, Branch, Contains, Direction, Eq, In, NeighbourPage, Not, NodeRef, Or, Order, Range, Related, Within
from graph.store import Store
from graph.upserts import NodeUpsert, RelUpsert
from tests.graph_fixtures import build_small_graph


@pytest.fixture
def graph(store: Store) -> Store:
    build_small_graph(store)
    return store


def keys(items: list[dict], key: str = "personId") -> list[str]:
    return [item[key] for item in items]


def test_counts_cover_every_label_and_type(graph: Store) -> None:
    counts = graph.counts()
    assert counts["Person"] == 6
    assert counts["MENTORED"] == 5
    assert counts["RECEIVED"] == 2
    assert counts["TRAINS"] == 0 and counts["TrainingBase"] == 0


def test_upserting_the_same_rows_twice_changes_nothing(graph: Store) -> None:
    before = graph.counts()
    build_small_graph(graph)
    assert graph.counts() == before


def test_upsert_updates_in_place_and_none_removes(graph: Store) -> None:
    graph.upsert_nodes("Person", [{"personId": "p1", "name": "王建国", "phone": None, "status": "退休"}])
    p1 = graph.get_nodes("Person", ["p1"])["p1"]
    assert p1["status"] == "退休" and "phone" not in p1 and p1["birthYear"] == 1966
    graph.upsert_relationships("MENTORED", [{"from": "p1", "to": "p3", "agreementId": "m2", "start": "2021-03-01", "status": "已出师", "end": "2023-03-01"}])
    m2 = [n.rel for n in graph.neighbours("Person", ["p1"], "MENTORED", Direction.OUT)["p1"] if n.key == "p3"]
    assert m2 == [{"agreementId": "m2", "start": "2021-03-01", "status": "已出师", "end": "2023-03-01", "occupationCode": "6-18-01-01"}]


def test_a_bad_row_names_its_field_and_writes_nothing_of_the_batch(graph: Store) -> None:
    rows = [{"personId": "p7", "name": "新人"}, {"personId": "p8", "name": "坏行", "birthYear": "一九九零"}]
    with pytest.raises(InvalidData, match="Person personId='p8': birthYear must be int"):
        graph.upsert_nodes("Person", rows)
    assert graph.get_nodes("Person", ["p7", "p8"]) == {}
    with pytest.raises(InvalidData, match="status must be one of"):
        graph.upsert_relationships("MENTORED", [{"from": "p5", "to": "p6", "agreementId": "m9", "start": "2024-01-01", "status": "进行中"}])


def test_a_relationship_to_an_unknown_node_writes_nothing_of_the_batch(graph: Store) -> None:
    rows = [{"from": "p5", "to": "p6", "agreementId": "m6", "start": "2024-01-01", "status": "在带"},
            {"from": "p5", "to": "nobody", "agreementId": "m7", "start": "2024-01-01", "status": "在带"}]
    with pytest.raises(MissingEndpoint, match="Person 'nobody'"):
        graph.upsert_relationships("MENTORED", rows)
    assert graph.counts()["MENTORED"] == 5


def test_new_nodes_are_created_as_a_merge_would_store_them(graph: Store) -> None:
    rows = [{"personId": "p7", "name": "新人", "phone": None, "birthYear": 2001}, {"personId": "p8", "name": "又一人"}]
    assert graph.upsert_nodes("Person", rows, new=True) == 2
    assert graph.get_nodes("Person", ["p7", "p8"]) == {
        "p7": {"personId": "p7", "name": "新人", "birthYear": 2001}, "p8": {"personId": "p8", "name": "又一人"}}


@pytest.mark.parametrize("repeated", ["p1", "p9"])
def test_new_nodes_with_a_stored_or_repeated_key_are_refused_and_write_nothing(graph: Store, repeated: str) -> None:
    before = graph.counts()
    rows = [{"personId": "p9", "name": "新人"}, {"personId": repeated, "name": "重复"}]
    with pytest.raises(ConstraintViolation):
        graph.upsert_nodes("Person", rows, new=True)
    assert graph.counts() == before and graph.get_nodes("Person", ["p1"])["p1"]["name"] == "王建国"


def test_new_relationships_are_created_as_a_merge_would_store_them(graph: Store) -> None:
    rows = [{"from": "p5", "to": "6-18-01-01", "grade": 2, "certNo": None}, {"from": "p6", "to": "6-18-01-01", "grade": 7}]
    assert graph.upsert_relationships("CERTIFIED", rows, new=True) == 2
    holders = graph.neighbours("Occupation", ["6-18-01-01"], "CERTIFIED", Direction.IN)["6-18-01-01"]
    assert [(n.key, n.rel) for n in holders] == [("p3", {"grade": 4}), ("p5", {"grade": 2}), ("p6", {"grade": 7})]


def test_new_relationships_to_an_unknown_node_write_nothing_of_the_batch(graph: Store) -> None:
    rows = [{"from": "p5", "to": "6-18-01-01", "grade": 2}, {"from": "nobody", "to": "6-18-01-01", "grade": 7}]
    with pytest.raises(MissingEndpoint, match="Person 'nobody'"):
        graph.upsert_relationships("CERTIFIED", rows, new=True)
    assert graph.counts()["CERTIFIED"] == 4


def test_one_upsert_call_writes_nodes_and_the_relationships_that_name_them_in_order(graph: Store) -> None:
    writes = [
        NodeUpsert("Person", [{"personId": "p9", "name": "新人"}], new=True),
        RelUpsert("CERTIFIED", [{"from": "p9", "to": "6-18-01-01", "grade": 3}], new=True),
        RelUpsert("CERTIFIED", [{"from": "p9", "to": "6-18-01-01", "grade": 5}]),  # merged onto the one just created
    ]
    assert graph.upsert(writes) == 3
    holders = graph.neighbours("Occupation", ["6-18-01-01"], "CERTIFIED", Direction.IN)["6-18-01-01"]
    assert [(n.key, n.rel) for n in holders if n.key == "p9"] == [("p9", {"grade": 5})]


@pytest.mark.parametrize("failing", ["unknown end", "key given twice"])
def test_an_upsert_call_with_one_bad_write_writes_none_of_them(graph: Store, failing: str) -> None:
    before = graph.counts()
    writes = [
        NodeUpsert("Person", [{"personId": "p9", "name": "新人"}], new=True),
        RelUpsert("CERTIFIED", [{"from": "p9", "to": "6-18-01-01", "grade": 3}], new=True),
        RelUpsert("CERTIFIED", [{"from": "p9", "to": "nothing", "grade": 3}]) if failing == "unknown end"
        else NodeUpsert("Person", [{"personId": "p9", "name": "又一个"}], new=True),
    ]
    with pytest.raises(MissingEndpoint if failing == "unknown end" else ConstraintViolation):
        graph.upsert(writes)
    assert graph.counts() == before and graph.get_nodes("Person", ["p9"]) == {}


def test_prepared_writes_are_written_as_unprepared_ones_and_preparing_writes_nothing(graph: Store) -> None:
    before = graph.counts()
    writes = [
        NodeUpsert("Person", [{"personId": "p9", "name": "新人"}], new=True),
        RelUpsert("CERTIFIED", [{"from": "p9", "to": "6-18-01-01", "grade": 3}], new=True),
    ]
    graph.prepare(writes)
    assert graph.counts() == before
    assert graph.upsert(writes) == 2
    assert graph.get_nodes("Person", ["p9"]) == {"p9": {"personId": "p9", "name": "新人"}}
    holders = graph.neighbours("Occupation", ["6-18-01-01"], "CERTIFIED", Direction.IN)["6-18-01-01"]
    assert [(n.key, n.rel) for n in holders if n.key == "p9"] == [("p9", {"grade": 3})]


def test_a_prepared_bad_row_is_refused_by_name_and_writes_nothing(graph: Store) -> None:
    before = graph.counts()
    bad = [NodeUpsert("Person", [{"personId": "p9", "name": "新人"}, {"personId": "p10", "name": "又一个", "birthYear": "nineteen"}])]
    with pytest.raises(InvalidData, match="birthYear"):
        graph.prepare(bad)  # a store may refuse it here already, or leave it to upsert
        graph.upsert(bad)
    assert graph.counts() == before and graph.get_nodes("Person", ["p9"]) == {}


def test_get_nodes_answers_only_stored_keys(graph: Store) -> None:
    found = graph.get_nodes("Person", ["p2", "missing", "p1"])
    assert sorted(found) == ["p1", "p2"]
    assert found["p2"] == {"personId": "p2", "name": "李明", "gender": "男", "birthYear": 1985, "status": "在职"}


def test_neighbours_in_both_directions_sorted_with_edge_properties(graph: Store) -> None:
    out = graph.neighbours("Person", ["p1", "p5", "ghost"], "MENTORED", Direction.OUT)
    assert [n.key for n in out["p1"]] == ["p2", "p3"]
    assert out["p1"][0].rel["agreementId"] == "m1" and out["p1"][0].node["name"] == "李明"
    assert out["p5"] == [] and out["ghost"] == []
    masters = graph.neighbours("Person", ["p4"], "MENTORED", Direction.IN)["p4"]
    assert [(n.key, n.rel["status"]) for n in masters] == [("p2", "已出师"), ("p3", "在带")]


def test_count_neighbours_counts_relationships_without_reading_them(graph: Store) -> None:
    assert graph.count_neighbours("Person", ["p1", "p4", "p6", "ghost"], "MENTORED", Direction.OUT) == {
        "p1": 2, "p4": 1, "p6": 0, "ghost": 0}
    assert graph.count_neighbours("Person", ["p4"], "MENTORED", Direction.IN) == {"p4": 2}
    assert graph.count_neighbours("Honor", ["荆楚工匠-省级-2020"], "RECEIVED", Direction.IN) == {"荆楚工匠-省级-2020": 2}


def test_neighbours_across_a_relationship_with_two_source_labels(graph: Store) -> None:
    holders = graph.neighbours("Honor", ["荆楚工匠-省级-2020"], "RECEIVED", Direction.IN)["荆楚工匠-省级-2020"]
    assert [(n.label, n.key) for n in holders] == [("Person", "p1"), ("Studio", "s1")]
    studio_honours = graph.neighbours("Studio", ["s1"], "RECEIVED", Direction.OUT)["s1"]
    assert [n.node["name"] for n in studio_honours] == ["荆楚工匠"]


def test_a_neighbour_page_is_cut_per_node_in_the_same_order(graph: Store) -> None:
    every = graph.neighbours("Person", ["p1", "p4"], "MENTORED", Direction.OUT)
    second = graph.neighbours("Person", ["p1", "p4"], "MENTORED", Direction.OUT, NeighbourPage(first=1, offset=1))
    assert second == {key: found[1:2] for key, found in every.items()}
    first = graph.neighbours("Person", ["p1"], "MENTORED", Direction.OUT, NeighbourPage(first=1))
    assert first["p1"] == every["p1"][:1]


def test_a_subtree_answers_each_branch_as_neighbours_does(graph: Store) -> None:
    certified = Branch("Person", "CERTIFIED", Direction.OUT, NeighbourPage(5))
    second = Branch("Person", "MENTORED", Direction.OUT, NeighbourPage(2), (certified,))
    first = Branch("Person", "MENTORED", Direction.OUT, NeighbourPage(1, offset=1), (second,))
    honours = Branch("Person", "RECEIVED", Direction.OUT, NeighbourPage(5))
    tree = graph.subtree("Person", ["p1", "p2", "ghost"], [first, honours])
    assert tree.nodes == graph.get_nodes("Person", ["p1", "p2", "ghost"]) and set(tree.nodes) == {"p1", "p2"}
    fetched = {item.branch: item.found for item in tree.fetched}
    assert fetched[first] == graph.neighbours("Person", ["p1", "p2", "ghost"], "MENTORED", Direction.OUT, first.page)
    assert fetched[honours] == graph.neighbours("Person", ["p1", "p2", "ghost"], "RECEIVED", Direction.OUT, honours.page)
    reached = [n.key for found in fetched[first].values() for n in found]
    assert reached == ["p3"]  # p1's second apprentice; p2's only one is skipped by the offset
    assert fetched[second] == graph.neighbours("Person", reached, "MENTORED", Direction.OUT, second.page)
    below = [n.key for found in fetched[second].values() for n in found]
    assert below == ["p4"] and fetched[certified] == graph.neighbours("Person", below, "CERTIFIED", Direction.OUT, certified.page)


def test_a_subtree_without_branches_answers_the_nodes(graph: Store) -> None:
    tree = graph.subtree("Studio", ["s1", "ghost"], [])
    assert tree.nodes == {"s1": graph.get_nodes("Studio", ["s1"])["s1"]} and tree.fetched == []


def test_a_neighbour_page_can_keep_one_label(graph: Store) -> None:
    honour = "荆楚工匠-省级-2020"
    studios = graph.neighbours("Honor", [honour], "RECEIVED", Direction.IN, NeighbourPage(first=5, label="Studio"))
    assert [(n.label, n.key) for n in studios[honour]] == [("Studio", "s1")]
    people = graph.neighbours("Honor", [honour], "RECEIVED", Direction.IN, NeighbourPage(first=5, label="Person"))
    assert [(n.label, n.key) for n in people[honour]] == [("Person", "p1")]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (Eq("gender", "女"), ["p5", "p6"]),
        (In("personId", ("p3", "p1", "zz")), ["p1", "p3"]),
        (Range("birthYear", gte=1985, lte=1995), ["p2", "p3", "p4"]),
        (Range("birthYear", gte=1990), ["p4", "p5"]),
        (Contains("name", "强"), ["p4"]),
        (Related("MENTORED", Direction.OUT), ["p1", "p2", "p3", "p4"]),
        (Not(Related("MENTORED", Direction.IN)), ["p1", "p6"]),
        (Related("WORKS_AT", Direction.OUT, Within("regionCode", "421000", Scheme.REGION)), ["p1", "p2", "p3", "p4"]),
        (Related("WORKS_AT", Direction.OUT, Within("regionCode", "421002", Scheme.REGION)), ["p1", "p2", "p4"]),
        (Related("CERTIFIED", Direction.OUT, Within("code", "6-18-02", Scheme.OCCUPATION)), ["p1", "p2", "p4"]),
        (Or((Eq("name", "孙丽"), And((Eq("gender", "男"), Range("birthYear", lte=1970))))), ["p1", "p5"]),
    ],
)
def test_list_nodes_filters(graph: Store, where, expected: list[str]) -> None:
    assert keys(graph.list_nodes("Person", where).items) == expected


def test_within_a_code_is_the_code_or_under_it_never_a_sibling_prefix(graph: Store) -> None:
    graph.upsert_nodes("Occupation", [{"code": "6-18-021", "name": "不是子类"}])
    found = graph.list_nodes("Occupation", Within("code", "6-18-02", Scheme.OCCUPATION)).items
    assert keys(found, "code") == ["6-18-02", "6-18-02-04"]


def test_a_filter_or_order_on_an_unknown_property_is_refused(graph: Store) -> None:
    with pytest.raises(KeyError, match="Person has no property 'salary'"):
        graph.list_nodes("Person", Range("salary", gte=1))
    with pytest.raises(KeyError, match="Organization has no property 'salary'"):
        graph.list_nodes("Person", Related("WORKS_AT", Direction.OUT, Eq("salary", 1)))
    with pytest.raises(KeyError, match="Person has no property 'salary'"):
        graph.list_nodes("Person", order_by=[Order("salary")])


def test_list_nodes_sorts_missing_values_last_ascending_first_descending(graph: Store) -> None:
    ascending = graph.list_nodes("Person", order_by=[Order("birthYear")]).items
    assert keys(ascending) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    descending = graph.list_nodes("Person", order_by=[Order("birthYear", descending=True)]).items
    assert keys(descending) == ["p6", "p5", "p4", "p3", "p2", "p1"]
    by_gender = graph.list_nodes("Person", order_by=[Order("gender"), Order("birthYear", descending=True)]).items
    assert keys(by_gender) == ["p6", "p5", "p4", "p3", "p2", "p1"]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("where", [None, Eq("gender", "男")])
def test_every_page_in_index_order_is_a_slice_of_the_whole_ordering(graph: Store, descending: bool, where: Eq | None) -> None:
    order = [Order("birthYear", descending=descending)]  # p6 has no birthYear: the missing-value segment
    whole = keys(graph.list_nodes("Person", where, order).items)
    for first in range(1, 5):
        for offset in range(0, 8):
            page = keys(graph.list_nodes("Person", where, order, first=first, offset=offset).items)
            assert page == whole[offset:offset + first], (first, offset)


def test_list_nodes_pages_with_a_total_only_when_asked(graph: Store) -> None:
    first = graph.list_nodes("Person", order_by=[Order("name")], first=4, with_total=True)
    rest = graph.list_nodes("Person", order_by=[Order("name")], first=4, offset=4)
    assert first.total == 6 and rest.total is None
    assert len(first.items) == 4 and len(rest.items) == 2
    assert set(keys(first.items)) | set(keys(rest.items)) == {f"p{i}" for i in range(1, 7)}


def test_traverse_down_gives_each_node_its_fewest_steps_and_every_edge(graph: Store) -> None:
    lineage = graph.traverse("Person", ["p1"], "MENTORED", Direction.OUT, 3)
    assert lineage.depth == {"p1": 0, "p2": 1, "p3": 1, "p4": 2, "p5": 3}
    assert [(e.source.key, e.target.key) for e in lineage.edges] == [
        ("p1", "p2"), ("p1", "p3"), ("p2", "p4"), ("p3", "p4"), ("p4", "p5")]
    assert lineage.nodes["p5"]["name"] == "孙丽"
    assert graph.traverse("Person", ["p1"], "MENTORED", Direction.OUT, 1).depth == {"p1": 0, "p2": 1, "p3": 1}


def test_traverse_without_properties_reaches_the_same_but_carries_only_the_relationship_keys(graph: Store) -> None:
    full = graph.traverse("Person", ["p1"], "MENTORED", Direction.OUT, 3)
    bare = graph.traverse("Person", ["p1"], "MENTORED", Direction.OUT, 3, properties=False)
    assert bare.depth == full.depth and set(bare.nodes) == set(full.nodes)
    assert all(props == {} for props in bare.nodes.values())
    assert [(e.source.key, e.target.key, e.props) for e in bare.edges] == [
        (e.source.key, e.target.key, {"agreementId": e.props["agreementId"]}) for e in full.edges]


def test_traverse_up_and_with_a_relationship_filter(graph: Store) -> None:
    up = graph.traverse("Person", ["p5"], "MENTORED", Direction.IN, 5)
    assert up.depth == {"p5": 0, "p4": 1, "p2": 2, "p3": 2, "p1": 3}
    active = graph.traverse("Person", ["p1"], "MENTORED", Direction.OUT, 5, rel_where=Eq("status", "在带"))
    assert active.depth == {"p1": 0, "p3": 1, "p4": 2, "p5": 3}
    assert [e.props["agreementId"] for e in active.edges] == ["m2", "m4", "m5"]


def test_shortest_path_ignores_direction_and_breaks_ties_by_node_keys(graph: Store) -> None:
    path = graph.shortest_path(NodeRef("Person", "p2"), NodeRef("Person", "p3"), ["MENTORED"], 6)
    assert path is not None and path.length == 2
    assert [ref.key for ref, _ in path.nodes] == ["p2", "p1", "p3"]
    assert [(e.source.key, e.target.key) for e in path.edges] == [("p1", "p2"), ("p1", "p3")]


def test_shortest_path_across_studios_and_achievements(graph: Store) -> None:
    path = graph.shortest_path(NodeRef("Person", "p6"), NodeRef("Person", "p1"), ["CONTRIBUTED", "LEADS", "MEMBER_OF"], 6)
    assert path is not None
    assert [(ref.label, ref.key) for ref, _ in path.nodes] == [
        ("Person", "p6"), ("Achievement", "a1"), ("Person", "p2"), ("Studio", "s1"), ("Person", "p1")]
    assert [e.type for e in path.edges] == ["CONTRIBUTED", "CONTRIBUTED", "MEMBER_OF", "LEADS"]


def test_shortest_path_is_none_beyond_max_length_or_when_disconnected(graph: Store) -> None:
    assert graph.shortest_path(NodeRef("Person", "p1"), NodeRef("Person", "p5"), ["MENTORED"], 2) is None
    assert graph.shortest_path(NodeRef("Person", "p1"), NodeRef("Person", "p6"), ["MENTORED"], 6) is None
    assert graph.shortest_path(NodeRef("Person", "p1"), NodeRef("Person", "nobody"), ["MENTORED"], 6) is None
    same = graph.shortest_path(NodeRef("Person", "p1"), NodeRef("Person", "p1"), ["MENTORED"], 6)
    assert same is not None and same.length == 0


def test_search_finds_chinese_substrings_across_labels(graph: Store) -> None:
    found = graph.search("焊", ["Person", "Studio", "Achievement"], 10)
    assert [(label, props.get("name") or props.get("title")) for label, props in found] == [
        ("Studio", "王建国焊接创新工作室"), ("Achievement", "一种焊枪夹具"), ("Achievement", "管道自动焊接工艺改进")]
    assert [label for label, _ in graph.search("王建国", ["Person", "Studio"], 1)] == ["Person"]
    assert graph.search("不存在", ["Person"], 5) == []


def test_clear_empties_the_store(graph: Store) -> None:
    graph.clear()
    assert set(graph.counts().values()) == {0}


def test_search_finds_an_occupation_by_an_alias_and_orders_by_name(store: Store) -> None:
    store.setup_schema()
    store.upsert_nodes("Occupation", [
        {"code": "6-18-02-04", "name": "焊工", "aliases": "电焊工、气焊工、氩弧焊工"},
        {"code": "6-18-01-01", "name": "车工", "aliases": "数控车工"},
        {"code": "6-18-02", "name": "机械热加工人员"},
    ])
    assert [p["code"] for _, p in store.search("氩弧", ["Occupation"], 5)] == ["6-18-02-04"]
    assert [p["code"] for _, p in store.search("车工", ["Occupation"], 5)] == ["6-18-01-01"]
    assert [p["name"] for _, p in store.search("工", ["Occupation"], 5)] == ["机械热加工人员", "焊工", "车工"]  # by name
    assert [p["code"] for _, p in store.search("焊工", ["Occupation"], 1)] == ["6-18-02-04"]


def test_removing_nodes_takes_their_relationships_and_leaves_the_rest(graph: Store) -> None:
    before = graph.counts()
    assert graph.remove_nodes("Person", ["p4", "nobody", "p4"]) == 1
    after = graph.counts()
    assert after["Person"] == before["Person"] - 1 and after["MENTORED"] == before["MENTORED"] - 3  # m3, m4, m5
    assert graph.get_nodes("Person", ["p4"]) == {}
    assert [n.key for n in graph.neighbours("Person", ["p2"], "MENTORED", Direction.OUT)["p2"]] == []
    assert [n.key for n in graph.neighbours("Person", ["p1"], "MENTORED", Direction.OUT)["p1"]] == ["p2", "p3"]
    assert "p4" not in keys(graph.list_nodes("Person", order_by=[Order("birthYear")], first=10).items)
    assert keys(graph.list_nodes("Person", order_by=[Order("name")], first=3).items) == ["p6", "p5", "p3"]
    assert graph.remove_nodes("Person", []) == 0
    graph.upsert_nodes("Person", [{"personId": "p4", "name": "赵强"}])  # a key removed may come back
    assert graph.count_neighbours("Person", ["p4"], "MENTORED", Direction.IN) == {"p4": 0}


def test_removing_relationships_by_ends_and_key(graph: Store) -> None:
    graph.upsert_relationships("MENTORED", [{"from": "p1", "to": "p2", "agreementId": "m9", "start": "2020-01-01", "status": "在带"}])
    assert set(graph.get_relationships("MENTORED", ["m1", "m9"])) == {"m1", "m9"}  # looked up by key before removal
    rows = [{"from": "p1", "to": "p2", "agreementId": "m1"}, {"from": "p1", "to": "p3", "agreementId": "m1"},
            {"from": "p5", "to": "p6", "agreementId": "m5"}]
    assert graph.remove_relationships("MENTORED", rows) == 1  # only p1 -> p2 under m1 exists
    assert set(graph.get_relationships("MENTORED", ["m1", "m9"])) == {"m9"}  # a removed one is not found by its key
    assert [n.rel["agreementId"] for n in graph.neighbours("Person", ["p1"], "MENTORED", Direction.OUT)["p1"]] == ["m9", "m2"]
    assert graph.remove_relationships("MEMBER_OF", [{"from": "p2", "to": "s1"}]) == 1
    assert [n.key for n in graph.neighbours("Studio", ["s1"], "MEMBER_OF", Direction.IN)["s1"]] == ["p1"]
    assert graph.remove_relationships("RECEIVED", [{"from": "p1", "to": "荆楚工匠-省级-2020"}], "Person", "Honor") == 1
    assert graph.counts()["RECEIVED"] == 1 and graph.counts()["Honor"] == 1  # the studio's is left, and the honour
    with pytest.raises(InvalidData, match="MEMBER_OF goes from Person to Studio"):
        graph.remove_relationships("MEMBER_OF", [{"from": "s1", "to": "p1"}], "Studio", "Person")
