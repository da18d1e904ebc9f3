"""Staging a block of rows at once gives every row what staging it alone gives: values, links, errors, warnings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from loaders.report import LoadReport
from loaders.source import Source, discover
from loaders.stage import Block, stage_row
from loaders.stage_block import stage_block
from tests.loaders.test_columnar import CELLS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def sample_sources() -> dict[str, Source]:
    return {source.kind.name: source for source in discover(SAMPLE, LoadReport(str(SAMPLE)))}


def spoiled(rows: list[dict[str, object]], seed: str) -> list[dict[str, object]]:
    """The rows again, some cells replaced by odd ones (bad, blank, padded), some rows missing a column."""
    chance = random.Random(seed)
    found = []
    for row in rows:
        row = dict(row)
        for column in list(row):
            roll = chance.random()
            if roll < 0.08:
                row[column] = chance.choice(CELLS)
            elif roll < 0.1:
                del row[column]
        found.append(row)
    return found


@pytest.mark.parametrize("kind", sorted(sample_sources()))
def test_a_block_stages_each_row_as_stage_row_does(kind: str) -> None:
    source = sample_sources()[kind]
    clean = [row for _, _, row in source.rows()]
    rows = clean + spoiled(clean, kind) + spoiled(clean, kind + "again")
    numbers = list(range(2, len(rows) + 2))
    found = stage_block(source.columns, numbers, rows, Block(source.columns, rows))
    expected = [stage_row(source.columns, number, row) for number, row in zip(numbers, rows)]
    assert [s.number for s in found] == numbers
    wrong = [(row, f, e) for row, f, e in zip(rows, found, expected) if f != e]
    assert not wrong, wrong[:2]
    assert any(s.errors for s in expected[len(clean):]) or kind in ("regions", "occupations")
