"""Persisted queries (Apollo's protocol): a document sent once with its SHA-256, then by the hash alone."""

from __future__ import annotations

import hashlib
import json
import uuid

from api.persisted import PersistedQueries
from tests.api.conftest import Live, codes


def persisted(sha: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def fresh_query() -> tuple[str, str]:
    """A document no earlier test sent (the server keeps what it has seen), and its hash."""
    query = f"query Studios_{uuid.uuid4().hex} {{ studios(first: 2) {{ totalCount edges {{ node {{ name }} }} }} }}"
    return query, hashlib.sha256(query.encode()).hexdigest()


def test_a_hash_alone_is_not_found_until_its_query_is_sent_once(live: Live) -> None:
    query, sha = fresh_query()
    with live.client("public") as client:
        unknown = client.post("/graphql", json={"extensions": persisted(sha)})
        assert unknown.status_code == 200 and codes(unknown.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
        registered = client.post("/graphql", json={"query": query, "extensions": persisted(sha)}).json()
        by_hash = client.post("/graphql", json={"extensions": persisted(sha)}).json()
        by_get = client.get("/graphql", params={"extensions": json.dumps(persisted(sha))}).json()
    assert "errors" not in registered and registered["data"]["studios"]["totalCount"] == len(live.store.list_nodes("Studio").items)
    assert by_hash == registered == by_get


def test_a_query_that_does_not_hash_to_the_hash_sent_is_refused_and_not_kept(live: Live) -> None:
    query, sha = fresh_query()
    other, _ = fresh_query()
    with live.client("public") as client:
        wrong = client.post("/graphql", json={"query": other, "extensions": persisted(sha)})
        assert codes(wrong.json()) == ["BAD_USER_INPUT"] and "SHA-256" in wrong.json()["errors"][0]["message"]
        assert codes(client.post("/graphql", json={"extensions": persisted(sha)}).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_a_query_over_the_limits_is_not_kept(live: Live) -> None:
    query = "{ " + " ".join(f"a{i}: studios(first: 1) {{ totalCount }}" for i in range(40)) + " }"
    sha = hashlib.sha256(query.encode()).hexdigest()
    with live.client("public") as client:
        assert codes(client.post("/graphql", json={"query": query, "extensions": persisted(sha)}).json()) == ["LIMIT_EXCEEDED"]
        assert codes(client.post("/graphql", json={"extensions": persisted(sha)}).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_a_malformed_persisted_query_extension_is_bad_input(live: Live) -> None:
    with live.client("public") as client:
        for extension in ({"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}},
                          {"persistedQuery": {"version": 1, "sha256Hash": "ABC"}},
                          {"persistedQuery": "yes"}):
            response = client.post("/graphql", json={"extensions": extension})
            assert codes(response.json()) == ["BAD_USER_INPUT"], extension


def test_the_kept_documents_are_bounded_by_size_least_recently_used_first() -> None:
    kept = PersistedQueries(max_bytes=100)
    texts = [f"{{ studios(first: {n}) {{ totalCount }} }}" for n in range(1, 5)]  # 36 bytes each
    hashes = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    kept.remember(hashes[0], texts[0])
    kept.remember(hashes[1], texts[1])
    assert kept.text(hashes[0]) == texts[0]  # now the most recently used
    kept.remember(hashes[2], texts[2])
    assert len(kept) == 2 and kept.text(hashes[0]) == texts[0] and kept.text(hashes[2]) == texts[2]
    kept.remember(hashes[3], "x" * 101)  # larger than the whole bound: not kept, nothing dropped
    assert len(kept) == 2
