"""The generator: deterministic, realistic in structure, and loadable without errors."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from graph import vocab
from graph.embedded import EmbeddedStore
from loaders import city
from loaders.generate import YEAR, generate
from loaders.load import load_folder
from loaders.readers import read_rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(out, 1500, seed=3)
    return out


def rows(folder: Path, kind: str) -> list[dict[str, str]]:
    return [row for _, row in read_rows(folder / f"{kind}.csv")]


def test_the_same_seed_gives_the_same_files_and_another_seed_others(folder: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", 1500, seed=3)
    generate(tmp_path / "other", 1500, seed=4)
    for path in folder.iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "other" / "people.csv").read_bytes() != (folder / "people.csv").read_bytes()


def test_mentorship_lineages_run_four_generations_deep_with_every_status(folder: Path) -> None:
    mentorships = rows(folder, "mentorships")
    apprentices = defaultdict(list)
    for m in mentorships:
        apprentices[m["master_id"]].append(m["apprentice_id"])

    def depth(person: str) -> int:
        return 1 + max((depth(a) for a in apprentices.get(person, [])), default=0)

    assert max(depth(m) for m in apprentices) >= 5  # five people in a chain: four generations of mentoring
    assert {m["status"] for m in mentorships} == set(vocab.MENTORSHIP_STATUSES)
    assert {m["result"] for m in mentorships} == {*vocab.MENTORSHIP_RESULTS, ""}
    assert 250 <= len(mentorships) <= 450


def test_the_world_has_what_the_analytics_ask_about(folder: Path) -> None:
    people = {p["person_id"]: p for p in rows(folder, "people")}
    masters = {m["master_id"] for m in rows(folder, "mentorships")}
    assert any(YEAR - int(people[m]["birth_year"]) >= 55 for m in masters)
    certs = rows(folder, "certifications")
    assert {int(c["grade"]) for c in certs} == set(range(1, 9))
    achievements = rows(folder, "achievements")
    assert {a["type"] for a in achievements} == set(vocab.ACHIEVEMENT_TYPES)
    assert len({c["achievement_id"] for c in rows(folder, "achievement_contributors")}) == len(achievements)
    studios = rows(folder, "studios")
    assert {s["level"] for s in studios} == {"国家级", "省级", "市级"} and "是" in {s["demonstration"] for s in studios}
    honours = rows(folder, "honors")
    assert {h["level"] for h in honours} == {"全国", "省级", "市级"} and any(h["studio_id"] for h in honours)
    demand = rows(folder, "demand")
    assert {d["occupation_code"] for d in demand} & {c["occupation_code"] for c in certs}
    assert {d["region_code"] for d in demand} <= {city.CITY, *city.DISTRICTS}


def test_a_generated_folder_loads_with_no_errors_and_no_unknown_columns(tmp_path: Path) -> None:
    generate(tmp_path, 300, seed=5)
    report = load_folder(tmp_path, EmbeddedStore())
    assert report.ok, report.summary()
    assert {p.file for p in report.warnings} == {"occupations.csv"}
