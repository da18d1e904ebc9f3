"""Competitions and partial dates over HTTP, on each store loaded with the sample: answers worked out from the store."""

from __future__ import annotations

from collections import Counter

from graph.analytics.year_review import year_in_review
from graph.query import Direction, Eq
from tests.api.conftest import Live, codes, gql

COMPETITION = """query($id: ID!) { competition(id: $id) {
  competitionId name year level kind entrantCount winnerCount
  occupation { code } organizer { orgId }
  entrants { rank award entrant { personId } }
  winners { rank award gradeAwarded gradeAwardedName entrant { personId } competition { competitionId } }
} }"""


def busiest(live: Live) -> tuple[str, list]:
    """The competition with the most entries, and its entries as the store has them."""
    keys = [c["competitionId"] for c in live.store.list_nodes("Competition").items]
    entries = live.store.neighbours("Competition", keys, "COMPETED", Direction.IN)
    key = max(keys, key=lambda k: (len(entries[k]), k))
    return key, entries[key]


def test_a_competition_with_its_entrants_and_winners(live: Live) -> None:
    key, entries = busiest(live)
    stored = live.store.get_nodes("Competition", [key])[key]
    with live.client("planner") as client:
        found = gql(client, COMPETITION, {"id": key})["data"]["competition"]
    assert {f: found[f] for f in ("competitionId", "name", "year", "level", "kind")} == {
        f: stored.get(f) for f in ("competitionId", "name", "year", "level", "kind")}
    assert [e["entrant"]["personId"] for e in found["entrants"]] == [n.key for n in entries]
    won = sorted((n for n in entries if n.rel.get("award")), key=lambda n: (n.rel.get("rank") is None, n.rel.get("rank") or 0, n.key))
    assert len(won) > 1 and len(won) < len(entries)  # the sample has winners and others
    assert [(w["entrant"]["personId"], w["award"], w["gradeAwarded"]) for w in found["winners"]] == [
        (n.key, n.rel["award"], n.rel.get("gradeAwarded")) for n in won]
    assert all(w["award"] is not None and w["competition"]["competitionId"] == key for w in found["winners"])
    assert (found["entrantCount"], found["winnerCount"]) == (len(entries), len(won))
    tested = live.store.neighbours("Competition", [key], "TESTS", Direction.OUT)[key]
    assert found["occupation"] == ({"code": tested[0].key} if tested else None)


def test_the_public_sees_competitions_and_counts_but_not_who_entered(live: Live) -> None:
    key, entries = busiest(live)
    with live.client() as client:
        body = gql(client, '{ competitions(where: {level: {eq: "企业"}}) { totalCount nodes { competitionId } } }')
        assert body["data"]["competitions"]["totalCount"] == len(
            live.store.list_nodes("Competition", Eq("level", "企业")).items) > 0
        counted = gql(client, "query($id: ID!) { competition(id: $id) { entrantCount winnerCount } }", {"id": key})
        assert counted["data"]["competition"]["entrantCount"] == len(entries)
        hidden = gql(client, "query($id: ID!) { competition(id: $id) { winners { rank } } }", {"id": key})
        assert hidden["data"]["competition"]["winners"] is None and codes(hidden) == ["FORBIDDEN"]


def test_a_persons_competitions_and_a_grade_awarded_by_name(live: Live) -> None:
    people = [p["personId"] for p in live.store.list_nodes("Person").items]
    entered = live.store.neighbours("Person", people, "COMPETED", Direction.OUT)
    person = next(k for k, v in entered.items() if any(n.rel.get("gradeAwarded") for n in v))
    query = ("query($id: ID!) { person(id: $id) { competitions { award gradeAwarded gradeAwardedName "
             "competition { competitionId year } } } }")
    with live.client("planner") as client:
        found = gql(client, query, {"id": person})["data"]["person"]["competitions"]
    assert [c["competition"]["competitionId"] for c in found] == [n.key for n in entered[person]]
    promoted = next(c for c in found if c["gradeAwarded"])
    assert promoted["gradeAwardedName"] in ("初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师")


def test_year_in_review_reports_competitions(live: Live) -> None:
    years = Counter(c["year"] for c in live.store.list_nodes("Competition").items)
    year = years.most_common(1)[0][0]
    expected = year_in_review(live.store, year)
    query = ("query($year: Int!) { yearInReview(year: $year) { competitionsHeld { level kind count } "
             "competitionEntrants competitionWinners } }")
    with live.client() as client:
        found = gql(client, query, {"year": year})["data"]["yearInReview"]
    assert found["competitionsHeld"] == [{"level": c.level, "kind": c.kind, "count": c.count} for c in expected.competitions_held]
    assert sum(c["count"] for c in found["competitionsHeld"]) == years[year]
    assert (found["competitionEntrants"], found["competitionWinners"]) == (
        expected.competition_entrants, expected.competition_winners) and expected.competition_winners > 0


def test_dates_are_shown_at_the_precision_written(live: Live) -> None:
    """The sample's mentorship register writes the end as 202103: a month, shown as 2021-03, never a made-up day."""
    masters = [p["personId"] for p in live.store.list_nodes("Person").items]
    mentored = live.store.neighbours("Person", masters, "MENTORED", Direction.OUT)
    master = next(k for k, v in mentored.items() if any(n.rel.get("end") for n in v))
    query = "query($id: ID!) { person(id: $id) { apprentices { start end plannedEnd apprentice { personId } } } }"
    with live.client("hr") as client:
        found = gql(client, query, {"id": master})["data"]["person"]["apprentices"]
    assert [(m["start"], m["end"], m["plannedEnd"]) for m in found] == [
        (n.rel["start"], n.rel.get("end"), n.rel.get("plannedEnd")) for n in mentored[master]]
    ends = [m["end"] for m in found if m["end"]]
    assert ends and all(len(end) == 7 and end[4] == "-" for end in ends)  # YYYY-MM
    with live.client("admin") as client:
        bad = gql(client, '{ dataQuality(asOf: "2025-3") { check } }')
        assert codes(bad) and "2025-3" in bad["errors"][0]["message"]
        month = gql(client, '{ dataQuality(asOf: "2025-03") { check count } }')
        assert month["data"]["dataQuality"] and "errors" not in month
