"""The write transaction (`apply`) and the audit trail, on both stores."""

from __future__ import annotations

import threading

import pytest

from graph.change import Actor, AuditQuery, Change, Mode, RelRef, Write
from graph.errors import NotFound, RuleViolation, StaleVersion
from graph.query import Direction, NodeRef
from graph.store import Store
from tests.graph_fixtures import build_small_graph

CLERK = Actor("hr", "人事科 王会计")


@pytest.fixture
def graph(store: Store) -> Store:
    build_small_graph(store)
    return store


def complete(agreement: str, version: int | None = None, key: str | None = None, result: str = "合格") -> Change:
    ref = RelRef("MENTORED", key=agreement)
    props = {"status": "已出师", "end": "2024-03-01", "result": result}
    write = Write(ref, Mode.UPDATE, props, version, expect={"status": "在带"})
    return Change("completeMentorship", CLERK, ref, (write,), idempotency_key=key)


def sign(agreement: str, master: str, apprentice: str) -> Change:
    ref = RelRef("MENTORED", NodeRef("Person", master), NodeRef("Person", apprentice), agreement)
    props = {"start": "2024-05-01", "status": "在带"}
    return Change("signMentorship", CLERK, ref, (Write(ref, Mode.CREATE, props),))


def mentorship(store: Store, agreement: str) -> dict:
    return store.get_relationships("MENTORED", [agreement])[agreement].props


def test_a_change_is_written_with_a_new_version_and_an_audit_entry_of_old_and_new_values(graph: Store) -> None:
    applied = graph.apply(complete("m2", version=0))
    stored = mentorship(graph, "m2")
    assert (stored["status"], stored["result"], stored["version"]) == ("已出师", "合格", 1)
    entry = applied.entry
    assert (entry.role, entry.label, entry.operation, entry.object_type, entry.object_key) == (
        "hr", "人事科 王会计", "completeMentorship", "MENTORED", "m2")
    assert entry.people == ("p1", "p3")
    assert {(c.property, c.old, c.new) for c in entry.changes} == {
        ("status", "在带", "已出师"), ("end", None, "2024-03-01"), ("result", None, "合格")}
    assert graph.audit_log(AuditQuery(), 10) == [entry]


def test_a_stale_version_is_refused_and_writes_nothing(graph: Store) -> None:
    graph.apply(Change("correctProperty", CLERK, NodeRef("Person", "p2"),
                       (Write(NodeRef("Person", "p2"), Mode.UPDATE, {"phone": "13900000000"}, 0),)))
    with pytest.raises(StaleVersion, match="version 1, not 0"):
        graph.apply(Change("correctProperty", CLERK, NodeRef("Person", "p2"),
                           (Write(NodeRef("Person", "p2"), Mode.UPDATE, {"phone": "13700000000"}, 0),)))
    assert graph.get_nodes("Person", ["p2"])["p2"]["phone"] == "13900000000"
    assert len(graph.audit_log(AuditQuery(), 10)) == 1


def test_an_idempotent_retry_answers_the_first_entry_and_writes_nothing(graph: Store) -> None:
    first = graph.apply(complete("m2", key="req-1"))
    again = graph.apply(complete("m2", key="req-1", result="优秀"))
    assert again.replayed and again.entry == first.entry
    assert mentorship(graph, "m2")["result"] == "合格"
    assert len(graph.audit_log(AuditQuery(), 10)) == 1


@pytest.mark.parametrize("change, field, reason", [
    (complete("m1"), "status", "status is 已出师, and this change needs 在带"),  # only an ongoing mentorship completes
    (sign("m9", "p5", "p1"), "from", "would close a mentorship cycle: p5 -> p1 -> "),  # closes a cycle
    (sign("m9", "p5", "nobody"), "to", "no Person nobody"),  # references exist
    (sign("m1", "p5", "p6"), "agreementId", "already exists"),
])
def test_a_change_breaking_a_rule_is_refused_whole_naming_the_field(graph: Store, change: Change, field: str, reason: str) -> None:
    before = graph.counts()
    with pytest.raises((RuleViolation, NotFound)) as refused:
        graph.apply(change)
    assert refused.value.field == field and reason in str(refused.value)
    assert graph.counts() == before and graph.audit_log(AuditQuery(), 10) == []


def test_a_completion_needs_its_result(graph: Store) -> None:
    ref = RelRef("MENTORED", key="m2")
    with pytest.raises(RuleViolation) as refused:
        graph.apply(Change("completeMentorship", CLERK, ref, (Write(ref, Mode.UPDATE, {"status": "已出师", "end": "2024-03-01"}),)))
    assert refused.value.field == "result"
    assert mentorship(graph, "m2")["status"] == "在带"


def test_several_writes_are_one_transaction(graph: Store) -> None:
    achievement = NodeRef("Achievement", "a9")
    writes = (
        Write(achievement, Mode.CREATE, {"title": "新焊法", "type": "先进操作法"}),
        Write(RelRef("CONTRIBUTED", NodeRef("Person", "p2"), achievement), Mode.CREATE, {"rank": 1}),
        Write(RelRef("CONTRIBUTED", NodeRef("Person", "ghost"), achievement), Mode.CREATE, {"rank": 2}),
    )
    with pytest.raises(NotFound):
        graph.apply(Change("recordAchievement", CLERK, achievement, writes))
    assert graph.get_nodes("Achievement", ["a9"]) == {}
    applied = graph.apply(Change("recordAchievement", CLERK, achievement, writes[:2]))
    assert graph.count_neighbours("Achievement", ["a9"], "CONTRIBUTED", Direction.IN) == {"a9": 1}
    assert ("CONTRIBUTED p2->a9", "exists", False, True) in [(c.object, c.property, c.old, c.new) for c in applied.entry.changes]


def test_a_relationship_is_deleted_and_the_entry_says_so(graph: Store) -> None:
    member = RelRef("MEMBER_OF", NodeRef("Person", "p2"), NodeRef("Studio", "s1"))
    applied = graph.apply(Change("changeStudioMembers", CLERK, NodeRef("Studio", "s1"), (Write(member, Mode.DELETE),)))
    assert [n.key for n in graph.neighbours("Studio", ["s1"], "MEMBER_OF", Direction.IN)["s1"]] == ["p1"]
    assert ("MEMBER_OF p2->s1", "exists", True, False) in [(c.object, c.property, c.old, c.new) for c in applied.entry.changes]


def test_two_clients_completing_one_mentorship_at_once_exactly_one_wins(graph: Store) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def client(result: str) -> None:
        barrier.wait()
        try:
            graph.apply(complete("m4", result=result))
            outcomes.append(result)
        except RuleViolation:
            outcomes.append("refused")

    threads = [threading.Thread(target=client, args=(r,)) for r in ("优秀", "合格", "不合格", "优秀")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if o != "refused"]
    assert len(winners) == 1 and outcomes.count("refused") == 3
    assert mentorship(graph, "m4")["result"] == winners[0]
    assert len(graph.audit_log(AuditQuery(operation="completeMentorship"), 10)) == 1


def test_the_audit_log_filters_by_object_person_operation_and_time_and_pages_newest_first(graph: Store) -> None:
    first = graph.apply(complete("m2")).entry
    second = graph.apply(sign("m9", "p5", "p6")).entry
    third = graph.apply(complete("m5")).entry
    assert graph.audit_log(AuditQuery(), 2) == [third, second]
    assert graph.audit_log(AuditQuery(), 2, offset=2) == [first]
    assert graph.audit_log(AuditQuery(object_key="m2"), 10) == [first]
    assert graph.audit_log(AuditQuery(person="p5"), 10) == [third, second]
    assert graph.audit_log(AuditQuery(operation="signMentorship"), 10) == [second]
    assert graph.audit_log(AuditQuery(since=second.at, until=second.at), 10) == [second]
    assert graph.audit_after(first.seq, 10) == [second, third]
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
