"""`studiograph load` and `studiograph generate`: exit codes, summary and the rejects file."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pytest

from loaders.cli import arrow_memory
from loaders.kinds import KINDS
from studiograph_cli import main
from tests.loaders.tables import base_folder
from tests.loaders.test_validate import bad_folder


@pytest.fixture(autouse=True)
def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("STUDIOGRAPH_DATA_DIR", str(tmp_path / "store"))


def test_load_exits_0_when_loaded_1_when_refused_and_3_with_rejects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(base_folder(tmp_path / "good"))]) == 0
    assert "loaded (" in capsys.readouterr().out
    assert (tmp_path / "store" / "graph.json").exists()
    assert main(["load", str(bad_folder(tmp_path / "bad"))]) == 1
    out = capsys.readouterr().out
    assert "error: mentorships.csv row 6 column 出师时间: end 2019-03-01 precedes start 2020-03-01" in out
    assert "not loaded: 12 errors, nothing written" in out
    report = tmp_path / "report.json"
    assert main(["load", str(tmp_path / "bad"), "--skip-invalid", "--report", str(report)]) == 3
    assert "rejected rows saved to" in capsys.readouterr().out and report.exists()
    assert main(["load", str(tmp_path / "good"), "--dry-run"]) == 0


def test_generate_writes_a_folder_of_every_kind(tmp_path: Path) -> None:
    assert main(["generate", str(tmp_path / "gen"), "--people", "120", "--seed", "2"]) == 0
    assert {p.stem for p in (tmp_path / "gen").glob("*.csv")} == {kind.name for kind in KINDS}


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from loaders.progress import progress

    bar = progress("writing people.csv", 10)
    bar.update(3)
    bar.close()
    assert bar.disable and capsys.readouterr().err == ""


def test_no_progress_bar_and_no_error_when_stderr_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.progress import progress

    monkeypatch.setattr(sys, "stderr", None)
    bar = progress("writing people.csv", 10)
    bar.update(3)
    bar.close()
    assert bar.disable


def test_a_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from loaders.progress import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = progress("writing people.csv", 10)
    bar.update(3)
    bar.refresh()
    assert not bar.disable and "writing people.csv" in capsys.readouterr().err
    bar.close()


def test_an_unreachable_store_exits_4_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens on the discard port
    assert main(["load", str(base_folder(tmp_path / "good"))]) == 4
    assert "cannot be reached" in capsys.readouterr().err


def test_load_sheet_reads_the_named_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "旧"
    book.active.append(["人员编号"])  # no 姓名: this sheet would be refused
    book.active.append(["p1"])
    book.create_sheet("新").append(["人员编号", "姓名"])
    book["新"].append(["p1", "王建国"])
    (tmp_path / "folder").mkdir()
    book.save(tmp_path / "folder" / "人员.xlsx")
    assert main(["load", str(tmp_path / "folder")]) == 1
    assert "error: 人员.xlsx sheet 旧: missing required column name (姓名)" in capsys.readouterr().out
    assert main(["load", str(tmp_path / "folder"), "--sheet", "新"]) == 0
    assert "人员.xlsx [新]" in capsys.readouterr().out


def test_a_load_takes_arrows_buffers_from_jemalloc_unless_told_otherwise_and_gives_the_pool_back() -> None:
    before = pa.default_memory_pool().backend_name
    with arrow_memory({}):
        assert pa.default_memory_pool().backend_name == "jemalloc"
    assert pa.default_memory_pool().backend_name == before
    with arrow_memory({"ARROW_DEFAULT_MEMORY_POOL": "system"}):
        assert pa.default_memory_pool().backend_name == before  # the environment's choice stands
