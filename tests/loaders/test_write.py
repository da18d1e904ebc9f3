"""The writing pass's batches: how rows become rounds of transactions run at once."""

from __future__ import annotations

from graph.embedded import EmbeddedStore
from graph.upserts import NodeUpsert, RelUpsert
from loaders.write import Batches, Writer

WORKS_AT = ("WORKS_AT", "Person", "Organization", False)


def batches_of(size: int) -> tuple[Batches, Writer]:
    store = EmbeddedStore()
    store.write_threads = 2  # as Neo4j's: the rounds are what is tested, not the store
    writer = Writer(store)
    return Batches(writer, None, size), writer


def test_groups_a_little_over_a_batch_are_written_in_one_round_not_a_full_one_and_a_scrap() -> None:
    batches, writer = batches_of(100)
    try:
        for i in range(104):
            batches.add_link(WORKS_AT, {"from": f"a{i}", "to": "o1"})
        for i in range(96):
            batches.add_link(WORKS_AT, {"from": f"b{i}", "to": "o2"})
        assert [len(transactions) for transactions in batches.job()] == [2]
    finally:
        writer.close()


def test_a_group_of_several_batches_is_split_evenly() -> None:
    batches, writer = batches_of(100)
    try:
        for i in range(260):
            batches.add_link(WORKS_AT, {"from": f"a{i}", "to": "o1"})
        [[chain]] = batches.job()  # one group: one chain of transactions, one after another
        store = EmbeddedStore()
        store.upsert_nodes("Organization", [{"orgId": "o1", "name": "o"}])
        store.upsert_nodes("Person", [{"personId": f"a{i}", "name": "n"} for i in range(260)])
        assert [store.upsert(transaction) for transaction in chain] == [87, 87, 86]
    finally:
        writer.close()


def test_nodes_go_with_the_links_that_name_them_in_chains_that_share_no_node() -> None:
    store = EmbeddedStore()
    store.write_threads = 2
    writer = Writer(store)
    batches = Batches(writer, "Person", 100, new=True)
    try:
        for org in ("o1", "o2"):
            for i in range(30):
                batches.add_node({"personId": f"{org}-{i}", "name": "n"})
                batches.add_link(WORKS_AT, {"from": f"{org}-{i}", "to": org})
        batches.add_node({"personId": "alone", "name": "n"})
        [chains] = batches.job()
        assert len(chains) == 2
        for chain in chains:
            [people], [works_at] = chain  # its nodes, then (after they commit) its links
            assert isinstance(people, NodeUpsert) and isinstance(works_at, RelUpsert)
            named = {row["from"] for row in works_at.rows}
            assert named == {row["personId"] for row in people.rows} - {"alone"}
            assert len({row["to"] for row in works_at.rows}) == 1  # one organisation: no lock shared with the other chain
        store.upsert_nodes("Organization", [{"orgId": "o1", "name": "o"}, {"orgId": "o2", "name": "o"}])
        writer.submit([chains])
        writer.wait()
        assert store.counts()["Person"] == 61 and store.counts()["WORKS_AT"] == 60
    finally:
        writer.close()
