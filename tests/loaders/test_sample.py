"""The bundled sample: mixed office formats, and exactly what loaders.sample builds."""

from __future__ import annotations

from pathlib import Path

from loaders.readers import detect_encoding, read_headers
from loaders.sample import build_sample

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_the_sample_mixes_formats_encodings_and_chinese_headers() -> None:
    suffixes = {p.suffix for p in SAMPLE.iterdir()}
    assert suffixes == {".csv", ".xlsx", ".jsonl"}
    assert detect_encoding(SAMPLE / "mentorships.csv") == "gb18030"
    assert (SAMPLE / "honors.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert {"师傅", "徒弟", "带徒开始时间", "出师时间", "考核结果"} <= set(read_headers(SAMPLE / "mentorships.csv"))
    assert {"姓名", "工作单位", "身份证号"} <= set(read_headers(SAMPLE / "people.xlsx"))
    assert {"工作室名称", "领衔人", "依托单位", "级别", "命名年份"} <= set(read_headers(SAMPLE / "studios.xlsx"))
    assert "经济效益（万元）" in read_headers(SAMPLE / "achievements.csv")


def test_the_committed_text_files_are_what_the_generator_builds(tmp_path: Path) -> None:
    build_sample(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in SAMPLE.iterdir())
    for path in SAMPLE.iterdir():
        if path.suffix != ".xlsx":  # a workbook carries its save time
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
