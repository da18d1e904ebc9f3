"""A Source's rows, a block at a time: by column, as read, and each column's cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.kinds import KIND_BY_NAME
from loaders.readers import ReadError
from loaders.report import FileStats
from loaders.source import Source
from tests.loaders.tables import write_table


def source(path: Path) -> Source:
    return Source(path, KIND_BY_NAME["people"], FileStats(path.name, "people"))


def test_blocks_give_each_row_by_column_and_each_column_its_cells(tmp_path: Path) -> None:
    rows = [[f"p{n}", f"名{n}", "男", "备注"] for n in range(5)]
    path = write_table(tmp_path / "people.csv", ["人员编号", "姓名", "性别", "备注"], rows)
    people = source(path)
    blocks = list(people.blocks(2, keep_raw=False))
    assert [block.numbers for block in blocks] == [[2, 3], [4, 5], [6]]
    assert list(blocks[0].rows) == [{"person_id": "p0", "name": "名0", "gender": "男"},
                              {"person_id": "p1", "name": "名1", "gender": "男"}]
    assert blocks[2].cells == {"person_id": ["p4"], "name": ["名4"], "gender": ["男"]}
    assert blocks[0].raws == [None, None] and people.ignored == {"备注": "unknown column: ignored"}
    kept = next(source(path).blocks(2, keep_raw=True))
    assert kept.raws[0] == {"人员编号": "p0", "姓名": "名0", "性别": "男", "备注": "备注"}


def test_rows_read_before_a_bad_row_come_out_before_its_error(tmp_path: Path) -> None:
    path = write_table(tmp_path / "people.csv", ["人员编号", "姓名"], [["p1", "a"], ["p2", "b"], ["p3", "c", "extra"]])
    blocks = source(path).blocks(10)
    assert next(blocks).numbers == [2, 3]
    with pytest.raises(ReadError, match="row 4: 3 cells but only 2 headers"):
        next(blocks)


def test_a_block_of_jsonl_lines_naming_other_keys_has_no_column_cells(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"person_id": "p1", "name": "a"}\n{"person_id": "p2", "name": "b", "gender": "女"}\n', encoding="utf-8")
    block = next(source(path).blocks(10))
    assert block.cells is None
    assert list(block.rows) == [{"person_id": "p1", "name": "a"}, {"person_id": "p2", "name": "b", "gender": "女"}]
    assert [block.rows[1], block.rows[-2]] == [{"person_id": "p2", "name": "b", "gender": "女"}, {"person_id": "p1", "name": "a"}]
