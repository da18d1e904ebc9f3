"""A clean block checked at once keeps what checking its rows one by one keeps; any other block goes row by row."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from loaders import check_block, validate
from loaders.generate import generate
from loaders.load import load_folder
from tests.loaders.test_columnar import CELLS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
TEXTS = [cell for cell in CELLS if isinstance(cell, str)]  # odd cells a CSV file can hold


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("city")
    generate(folder, 400, seed=7)
    return folder


@pytest.fixture(scope="module")
def spoiled_city(city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The city again: one cell in fifty replaced by an odd one, one row in forty repeated, and
    three agreements turned round, master for apprentice, each closing a cycle."""
    folder = tmp_path_factory.mktemp("spoiled")
    chance = random.Random("spoiled")
    for path in sorted(city.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as source:
            rows = list(csv.reader(source))
        body = []
        for row in rows[1:]:
            body.append([chance.choice(TEXTS) if chance.random() < 0.02 else cell for cell in row])
            if chance.random() < 0.025:
                body.append(list(row))
        if path.name == "mentorships.csv":
            body += [[f"R{n}", row[2], row[1], *row[3:]] for n, row in enumerate(rows[1:4])]
        with (folder / path.name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([rows[0], *body])
    return folder


@pytest.fixture(scope="module")
def gappy_city(city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The city again, with optional references left blank: every third person's employer, every fourth
    studio's host, and every fifth studio's leader, every tenth named by an identity card instead;
    and three honours given in turn to sixty people, the fifty-first time by another grantor."""
    folder = tmp_path_factory.mktemp("gappy")
    with (city / "people.csv").open(encoding="utf-8-sig", newline="") as source:
        cards = {row["person_id"]: row["id_card"] for row in csv.DictReader(source)}
    for path in sorted(city.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as source:
            rows = list(csv.DictReader(source))
        if path.name == "people.csv":
            for n, row in enumerate(rows):
                row["org_id"] = "" if n % 3 == 0 else row["org_id"]
        if path.name == "studios.csv":
            for n, row in enumerate(rows):
                row["host_id"] = "" if n % 4 == 0 else row["host_id"]
                row["leader_id_card"] = cards[row["leader_id"]] if n % 10 == 0 else ""
                row["leader_id"] = "" if n % 5 == 0 else row["leader_id"]
        if path.name == "honors.csv":  # given to people in turn, so that each repeats in many blocks
            honours, people = rows[:3], sorted(cards)
            rows = [{**honours[n % 3], "person_id": people[n], "studio_id": ""} for n in range(60)]
            rows[50]["grantor"] = "另一个授予单位"
        with (folder / path.name).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def loaded(folder: Path, monkeypatch: pytest.MonkeyPatch, row_by_row: bool, block: int) -> tuple[Any, ...]:
    """(the problems, each file's counts, every node and relationship stored) after loading `folder`."""
    monkeypatch.setattr(validate, "BLOCK", block)
    if row_by_row:
        monkeypatch.setattr(validate, "clean_block", lambda *args: None)
    store = EmbeddedStore()
    report = load_folder(folder, store, skip_invalid=True)
    problems = [(p.file, p.row, p.column, p.reason, p.severity) for p in report.problems]
    files = [(f.file, f.rows_read, f.rejected, f.warnings, f.written) for f in report.files]
    nodes = sorted((str(n), sorted(data.items())) for n, data in store.graph.nodes(data=True))
    edges = sorted((str(a), str(b), str(k), sorted(data.items())) for a, b, k, data in store.graph.edges(keys=True, data=True))
    return problems, files, nodes, edges


@pytest.mark.parametrize("block", [7, 10_000])
@pytest.mark.parametrize("which", ["sample", "city", "spoiled city", "gappy city"])
def test_blocks_checked_at_once_load_what_rows_checked_one_by_one_load(
    which: str, block: int, city: Path, spoiled_city: Path, gappy_city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = {"sample": SAMPLE, "city": city, "spoiled city": spoiled_city, "gappy city": gappy_city}[which]
    taken: list[bool] = []
    real = check_block.clean_block

    def counted(*args: Any) -> Any:
        found = real(*args)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(validate, "clean_block", counted)
    at_once = loaded(folder, monkeypatch, row_by_row=False, block=block)
    assert any(taken), "no block was clean: the comparison would prove nothing"
    if which == "spoiled city":
        assert not all(taken), "every block was clean: the spoiling missed"
        assert any("cycle" in problem[3] for problem in at_once[0])
    with monkeypatch.context() as patch:
        row_by_row = loaded(folder, patch, row_by_row=True, block=block)
    assert at_once == row_by_row
