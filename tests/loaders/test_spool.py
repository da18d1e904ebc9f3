"""Staged rows come back in the order they were spooled, whether kept in memory, on disk, or both."""

from __future__ import annotations

from loaders.spool import BATCH, Budget, Record, Spool


def records(count: int, start: int = 0) -> list[Record]:
    return [(n, None, f"k{n}", {"n": n, "name": "名"}, [(0, None, ("Organization", "o1", False), {})])
            for n in range(start, start + count)]


def spooled(spool: Spool, rows: list[Record]) -> list[Record]:
    for row in rows:
        spool.add(row)
    return list(spool)


def test_without_a_budget_every_row_goes_to_disk_and_comes_back() -> None:
    spool, rows = Spool(), records(BATCH * 2 + 7)
    assert spooled(spool, rows) == rows and spool.spilled
    spool.close()


def test_rows_within_the_budget_stay_in_memory() -> None:
    spool, rows = Spool(Budget(BATCH * 3)), records(BATCH * 2 + 7)
    assert spooled(spool, rows) == rows and not spool.spilled


def test_a_budget_shared_by_two_files_spills_the_second_in_order() -> None:
    budget = Budget(BATCH * 3)
    first, second = Spool(budget), Spool(budget)
    rows_a, rows_b = records(BATCH * 2), records(BATCH * 3 + 1, start=10**6)
    for row in rows_a:
        first.add(row)
    for row in rows_b:
        second.add(row)
    assert list(first) == rows_a and not first.spilled
    assert list(second) == rows_b and second.spilled
    assert Budget(BATCH).take(BATCH + 1) is False


def test_a_files_last_rows_finished_before_the_next_file_stay_in_memory() -> None:
    budget = Budget(BATCH * 3)
    small, big = Spool(budget), Spool(budget)
    rows_a, rows_b = records(7), records(BATCH * 3, start=10**6)
    for row in rows_a:
        small.add(row)
    small.finish()  # its validation is over before the next file's begins
    for row in rows_b:
        big.add(row)
    assert list(small) == rows_a and not small.spilled
    assert list(big) == rows_b and big.spilled


def test_rows_extended_in_lists_of_any_length_come_back_as_added_one_by_one() -> None:
    rows = records(BATCH * 2 + 7)
    one_by_one, extended = Spool(Budget(BATCH)), Spool(Budget(BATCH))
    for row in rows:
        one_by_one.add(row)
    for start, stop in [(0, 3), (3, BATCH + 1), (BATCH + 1, BATCH + 1), (BATCH + 1, len(rows))]:
        extended.extend(rows[start:stop])
    assert list(extended) == list(one_by_one) == rows
    assert extended.spilled and one_by_one.spilled  # the same batches went to disk: the second and the last
