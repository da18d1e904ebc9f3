"""A deterministic generator of source folders shaped like data/sample, for tests and benchmarks.

    generate(Path("out"), people=20_000, seed=1)

writes one UTF-8 CSV per kind with English headers. People form mentorship
lineages of up to five generations inside each enterprise, with every status;
studios have leaders, members and hosts; achievements have contributors of
every type; masters aged 55 and over hold honours and high grades. Competitions
(city, provincial, national, industry and enterprise ones) have entrants
certified in the occupation they test, awards by rank, and a grade awarded to
some winners; they draw on a random stream of their own, so the other files are
what they were before competitions were generated.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph import vocab
from loaders import city

YEAR = 2025  # "now" in the generated world, so a seed always gives the same folder
GENERATIONS = ((1958, 1968), (1969, 1978), (1979, 1988), (1989, 1996), (1997, 2005))
Row = dict[str, Any]


def generate(out: Path, people: int, seed: int = 1) -> None:
    """Write a folder of every kind for `people` people; the same seed gives the same files."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    orgs = _organizations(rng, max(6, round(40 * (people / 1500) ** 0.5)))
    persons = _people(rng, people, orgs)
    certs = _certifications(rng, persons, orgs)
    studios, members = _studios(rng, persons, orgs, certs, max(3, people // 60))
    achievements, contributors = _achievements(rng, studios, members, max(8, people // 10))
    tables: dict[str, Iterable[Row]] = {
        "regions": ({"code": c, "name": n} for c, n in city.REGIONS),
        "occupations": ({"code": c, "name": n} for c, n in city.OCCUPATIONS),
        "organizations": orgs,
        "people": persons,
        "certifications": certs.values(),
        "studios": studios,
        "studio_members": members,
        "mentorships": _mentorships(rng, persons, certs),
        "achievements": achievements,
        "achievement_contributors": contributors,
        "honors": _honors(rng, persons, certs, studios),
        "training_bases": _training_bases(rng, max(3, min(people // 160, 60))),
        "demand": _demand(rng, max(20, people // 25)),
    }
    competitions, entries = _competitions(random.Random(f"competitions-{seed}"), persons, orgs, certs,
                                          max(6, people // 50))
    tables |= {"competitions": competitions, "competition_entries": entries}
    for name, rows in tables.items():
        write_csv(out / f"{name}.csv", rows)


def write_csv(path: Path, rows: Iterable[Row]) -> None:
    """Rows of one shape as a UTF-8 CSV, the first row's keys as headers."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)


def _organizations(rng: random.Random, count: int) -> list[Row]:
    return [
        {
            "org_id": f"91421000MA{n:08d}",
            "name": f"荆江{rng.choice(city.COMPANY_WORDS)}{n:03d}{city.COMPANY_FORMS[industry]}",
            "region_code": rng.choice(city.DISTRICTS),
            "industry": industry,
        }
        for n, industry in _industries(count)
    ]


def id_card(region: str, birth: str, serial: int) -> str:
    """A well-formed (fictional) 身份证号 with its GB 11643 check digit."""
    body = f"{region}{birth.replace('-', '')}{serial % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def _people(rng: random.Random, count: int, orgs: list[Row]) -> list[Row]:
    rows = []
    for n in range(count):
        low, high = GENERATIONS[min(int(rng.random() ** 0.8 * 5), 4)]
        year = rng.randint(low, high)
        birth = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        org = orgs[n % len(orgs)]
        rows.append({
            "person_id": f"P{n + 1:07d}",
            "name": rng.choice(city.SURNAMES) + "".join(rng.choices(city.GIVEN, k=rng.choice((1, 2)))),
            "gender": "女" if rng.random() < 0.3 else "男",
            "birth_year": year,
            "phone": f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}",
            "employment_form": "新就业形态" if rng.random() < 0.05 else "标准",
            "status": "退休" if YEAR - year > 60 and rng.random() < 0.7 else "在职",
            "id_card": id_card(org["region_code"], birth, n),
            "org_id": org["org_id"],
            "since": f"{max(year + 18, 1978)}-{rng.randint(1, 12):02d}-01",
            "position": rng.choice(("操作工", "技术员", "班组长", "车间主任", "工程师")),
        })
    return rows


def _grade(rng: random.Random, birth_year: int) -> int:
    """Older workers hold higher grades: up to 首席技师 for the oldest."""
    age = YEAR - birth_year
    top = 2 if age < 25 else 4 if age < 32 else 6 if age < 45 else 8
    return max(1, min(8, top - int(rng.random() * 3)))


def _certifications(rng: random.Random, persons: list[Row], orgs: list[Row]) -> dict[str, Row]:
    """One certificate for most people, in an occupation of their employer's industry."""
    industry = {o["org_id"]: o["industry"] for o in orgs}
    certs: dict[str, Row] = {}
    for n, person in enumerate(persons):
        if rng.random() < 0.25:
            continue
        grade = _grade(rng, person["birth_year"])
        certs[person["person_id"]] = {
            "person_id": person["person_id"],
            "occupation_code": rng.choice(city.INDUSTRIES[industry[person["org_id"]]]),
            "grade": grade,
            "issued_on": f"{min(YEAR - 1, person['birth_year'] + 20 + grade * 3)}-{rng.randint(1, 12):02d}-15",
            "cert_no": f"S{n + 1:09d}",
        }
    return certs


def _mentorships(rng: random.Random, persons: list[Row], certs: dict[str, Row]) -> list[Row]:
    """In each enterprise, apprentices of one generation learn from masters of the one before."""
    by_org_generation: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for person in persons:
        generation = next(g for g, (low, high) in enumerate(GENERATIONS) if low <= person["birth_year"] <= high)
        by_org_generation[(person["org_id"], generation)].append(person)
    rows = []
    for (org, generation), apprentices in sorted(by_org_generation.items()):
        masters = by_org_generation.get((org, generation - 1), [])
        if not masters:
            continue
        for k, apprentice in enumerate(apprentices):
            if k and rng.random() > 0.14:  # the first of each group always has a master: lineages run deep
                continue
            master = masters[k % len(masters)] if k == 0 else rng.choice(masters)
            rows.append(_agreement(rng, len(rows) + 1, master, apprentice, certs))
    return rows


def _agreement(rng: random.Random, n: int, master: Row, apprentice: Row, certs: dict[str, Row]) -> Row:
    start = min(apprentice["birth_year"] + rng.randint(19, 24), YEAR - rng.randint(0, 2))
    roll = rng.random()
    status = "终止" if roll < 0.06 else "在带" if start + 3 > YEAR or roll > 0.9 else "已出师"
    end = {"终止": start + 1, "已出师": start + 3}.get(status)
    result = {"终止": "不合格", "已出师": "优秀" if rng.random() < 0.3 else "合格"}.get(status)
    month = rng.randint(1, 12)
    cert = certs.get(master["person_id"])
    return {
        "agreement_id": f"M{n:07d}",
        "master_id": master["person_id"],
        "apprentice_id": apprentice["person_id"],
        "occupation_code": cert["occupation_code"] if cert else "",
        "start": f"{start}-{month:02d}-01",
        "planned_end": f"{start + 3}-{month:02d}-01",
        "end": f"{end}-{month:02d}-01" if end else "",
        "status": status,
        "result": result or "",
    }


def _studios(
    rng: random.Random, persons: list[Row], orgs: list[Row], certs: dict[str, Row], count: int
) -> tuple[list[Row], list[Row]]:
    """Studios led by senior certified workers, hosted by their employer, with members from it."""
    staff: dict[str, list[Row]] = defaultdict(list)
    for person in persons:
        staff[person["org_id"]].append(person)
    seniors = [p for p in persons if certs.get(p["person_id"], {}).get("grade", 0) >= 5 and p["status"] == "在职"]
    leaders = rng.sample(seniors, min(count, len(seniors)))
    industry = {o["org_id"]: o["industry"] for o in orgs}
    studios, members = [], []
    for n, leader in enumerate(leaders):
        level = rng.choices(vocab.STUDIO_LEVELS[:3], weights=(1, 3, 6))[0]
        studio_id = f"S{n + 1:05d}"
        studios.append({
            "studio_id": studio_id,
            "name": f"{leader['name']}{industry[leader['org_id']]}创新工作室",
            "level": level,
            "demonstration": "是" if level != "市级" and rng.random() < 0.5 else "否",
            "named_year": rng.randint(2012, YEAR - 1),
            "batch": f"第{rng.randint(1, 8)}批",
            "industry": industry[leader["org_id"]],
            "leader_id": leader["person_id"],
            "host_id": leader["org_id"],
        })
        team = [p for p in rng.sample(staff[leader["org_id"]], min(8, len(staff[leader["org_id"]]))) if p is not leader]
        members.append({"person_id": leader["person_id"], "studio_id": studio_id, "role": "领衔人", "since": f"{studios[-1]['named_year']}-01-01"})
        members += [
            {"person_id": p["person_id"], "studio_id": studio_id, "role": rng.choice(("骨干", "成员")), "since": f"{studios[-1]['named_year']}-06-01"}
            for p in team[: rng.randint(3, 7)]
        ]
    return studios, members


def _achievements(
    rng: random.Random, studios: list[Row], members: list[Row], count: int
) -> tuple[list[Row], list[Row]]:
    team: dict[str, list[str]] = defaultdict(list)
    for m in members:
        team[m["studio_id"]].append(m["person_id"])
    achievements, contributors = [], []
    for n in range(count):
        studio = studios[n % len(studios)]
        kind = vocab.ACHIEVEMENT_TYPES[n % len(vocab.ACHIEVEMENT_TYPES)]
        year = rng.randint(2015, YEAR - 1)
        people = rng.sample(team[studio["studio_id"]], min(len(team[studio["studio_id"]]), rng.randint(1, 4)))
        achievements.append({
            "achievement_id": f"A{n + 1:06d}",
            "title": f"{studio['industry']}{rng.choice(('工艺', '工装', '设备', '检测', '节能'))}改进{n + 1}号",
            "type": kind,
            "year": year,
            "benefit_wan_yuan": round(rng.random() ** 2 * 500, 1),
            "patent_no": f"ZL{year}{rng.randint(1, 3)}{n:07d}.{rng.randint(0, 9)}" if kind.endswith("专利") else "",
            "award_level": rng.choice(city.AWARD_LEVELS) or "",
            "studio_id": studio["studio_id"] if rng.random() < 0.9 else "",
            "first_id": people[0],
        })
        contributors += [{"person_id": p, "achievement_id": f"A{n + 1:06d}", "rank": r} for r, p in enumerate(people, 1)]
    return achievements, contributors


def _honors(rng: random.Random, persons: list[Row], certs: dict[str, Row], studios: list[Row]) -> list[Row]:
    """Honours for the senior certified (masters aged 55 and over among them) and for demonstration studios."""
    rows = []
    for person in persons:
        grade = certs.get(person["person_id"], {}).get("grade", 0)
        if grade >= 5 and rng.random() < 0.12 + 0.04 * (grade - 5):
            name, level, grantor = rng.choice(city.HONOURS)
            rows.append({"name": name, "level": level, "year": rng.randint(2015, YEAR - 1), "grantor": grantor,
                         "person_id": person["person_id"], "studio_id": ""})
    for studio in studios:
        if studio["demonstration"] == "是":
            name, level, grantor = city.STUDIO_HONOUR
            rows.append({"name": name, "level": level, "year": studio["named_year"], "grantor": grantor,
                         "person_id": "", "studio_id": studio["studio_id"]})
    return rows


def _industries(count: int) -> list[tuple[int, str]]:
    """(n, industry) for n below count, taking the industries in turn."""
    return [(n, list(city.INDUSTRIES)[n % len(city.INDUSTRIES)]) for n in range(count)]


def _training_bases(rng: random.Random, count: int) -> list[Row]:
    return [
        {
            "base_id": f"B{n + 1:04d}",
            "name": f"荆江市{industry}技能人才培训基地{'' if n < len(city.INDUSTRIES) else n + 1}",
            "level": rng.choice(vocab.BASE_LEVELS),
            "region_code": rng.choice(city.DISTRICTS),
            "occupation_code": ";".join(rng.sample(city.INDUSTRIES[industry], 2)),
        }
        for n, industry in _industries(count)
    ]


def _demand(rng: random.Random, count: int) -> list[Row]:
    """Planners' demand in the districts, for the occupations the enterprises certify in."""
    return [
        {
            "demand_id": f"D{n + 1:05d}",
            "region_code": rng.choice((city.CITY, *city.DISTRICTS)),
            "industry": industry,
            "occupation_code": rng.choice(city.INDUSTRIES[industry]),
            "min_grade": rng.choice((3, 4, 4, 5, 5, 6)),
            "required": rng.randint(5, 120),
            "year": rng.choice((YEAR - 1, YEAR)),
            "source": "荆江市人社局岗位需求调查",
        }
        for n, industry in _industries(count)
    ]


def _competitions(
    rng: random.Random, persons: list[Row], orgs: list[Row], certs: dict[str, Row], count: int
) -> tuple[list[Row], list[Row]]:
    """Competitions in the occupations people certify in; their entrants, awards by rank, grades for some winners."""
    status = {p["person_id"]: p["status"] for p in persons}
    employer = {p["person_id"]: p["org_id"] for p in persons}
    org_by_id = {o["org_id"]: o for o in orgs}
    certified: dict[str, list[Row]] = defaultdict(list)
    staff: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))  # occupation -> org -> certified
    for cert in certs.values():
        if status[cert["person_id"]] == "在职":
            certified[cert["occupation_code"]].append(cert)
            staff[cert["occupation_code"]][employer[cert["person_id"]]].append(cert)
    occupations = sorted(code for code, held in certified.items() if len(held) >= 3)
    competitions: list[Row] = []
    entries: list[Row] = []
    for n in range(count if occupations else 0):
        year = rng.randint(2018, YEAR - 1)
        code = rng.choice(occupations)
        pool = certified[code]
        if n % 3 == 2:  # an enterprise's own contest, among its staff
            org = org_by_id[rng.choice(sorted(staff[code]))]
            pool = staff[code][org["org_id"]]
            (title, level, kind), organizer = city.ENTERPRISE_COMPETITION, org["org_id"]
            name = f"{org['name']}{year}年{title}"
        else:
            title, level, kind = city.COMPETITIONS[n % len(city.COMPETITIONS)]
            organizer, name = "", f"{year}年{title}"
        competition_id = f"C{n + 1:05d}"
        competitions.append({"competition_id": competition_id, "name": name, "year": year, "level": level,
                             "kind": kind, "occupation_code": code, "organizer_id": organizer})
        entrants = rng.sample(pool, min(len(pool), rng.randint(5, 20)))
        awards = city.MEDALS if kind == '"双创"大赛' else city.AWARDS
        for rank, cert in enumerate(entrants, 1):
            award = awards[rank - 1] if rank <= len(awards) else ""
            promoted = rank == 1 and level in ("国家级", "省级", "市级") and cert["grade"] < 8
            entries.append({"person_id": cert["person_id"], "competition_id": competition_id, "rank": rank,
                            "award": award, "grade_awarded": cert["grade"] + 1 if promoted else ""})
    return competitions, entries
