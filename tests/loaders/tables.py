"""Writing real source files for tests: CSV in any encoding, .xlsx through openpyxl, .jsonl."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from graph.query import Direction
from graph.store import Store


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> Path:
    """A table as .csv (in `encoding`), .xlsx or .jsonl, chosen by the path's suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        book.save(path)
    elif path.suffix == ".jsonl":
        lines = [json.dumps(dict(zip(headers, row)), ensure_ascii=False) for row in rows]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        with path.open("w", encoding=encoding, newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows(rows)
    return path


REGIONS = (["行政区划代码", "名称"], [["420000", "湖北省"], ["421000", "荆江市"], ["421002", "沙洲区"]])
OCCUPATIONS = (["职业编码", "职业名称"], [["6", "生产制造及有关人员"], ["6-18", "机械制造基础加工人员"],
                                     ["6-18-02", "机械热加工人员"], ["6-18-02-04", "焊工(L)"]])
ORGANIZATIONS = (["单位编号", "单位名称", "行政区划", "所属行业"], [["o1", "荆江石油机械厂", "421002", "石油装备"]])
PEOPLE = (["人员编号", "姓名", "性别", "出生年份", "工作单位", "联系电话"], [
    ["p1", "王建国", "男", 1966, "荆江石油机械厂", 13800000001],
    ["p2", "李明", "男", 1985, "o1", None],
    ["p3", "张伟", "男", 1990, "o1", None],
    ["p4", "赵强", "男", 1996, "o1", None],
])
CERTIFICATIONS = (["人员编号", "职业编码", "技能等级", "发证日期"], [
    ["p1", "6-18-02-04", "高级技师", "2010.5.1"], ["p2", "6-18-02-04", "二级", "2016年6月1日"],
])
MENTORSHIPS = (["协议编号", "师傅", "徒弟", "带徒开始时间", "出师时间", "状态", "考核结果"], [
    ["m1", "p1", "p2", "2010年3月1日", "201203", "已出师", "优秀"],
    ["m2", "p2", "p3", "2016/3/1", "", "在带", ""],
    ["m3", "p3", "p4", "2022-03-01", "", "在带", ""],
])


def base_folder(folder: Path) -> Path:
    """A small, valid folder in the mixed formats a real office keeps."""
    write_table(folder / "regions.csv", *REGIONS)
    write_table(folder / "occupations.csv", *OCCUPATIONS)
    write_table(folder / "organizations.csv", *ORGANIZATIONS, encoding="gbk")
    write_table(folder / "people.xlsx", *PEOPLE)
    write_table(folder / "certifications.jsonl", *CERTIFICATIONS)
    write_table(folder / "mentorships.csv", *MENTORSHIPS, encoding="utf-8-sig")
    return folder


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a test compares to tell that a store did not change: counts, people and their links."""
    keys = [p["personId"] for p in store.list_nodes("Person").items]
    return {
        "counts": store.counts(),
        "people": store.get_nodes("Person", keys),
        "mentored": {k: [(n.key, n.rel) for n in v] for k, v in store.neighbours("Person", keys, "MENTORED", Direction.OUT).items()},
        "certified": {k: [(n.key, n.rel) for n in v] for k, v in store.neighbours("Person", keys, "CERTIFIED", Direction.OUT).items()},
    }
