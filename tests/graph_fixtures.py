"""Small, readable graphs that tests build in any store.

    regions      420000 湖北省 <- 421000 荆州市 <- 421002 沙市区, 421003 荆州区
    mentorship   p1 王建国 -> p2 李明 -> p4 赵强 -> p5 孙丽
                 p1 王建国 -> p3 张伟 -> p4 赵强          (a diamond: p4 has two masters)
    studio       s1 王建国焊接创新工作室, led by p1, members p1 and p2, hosted by o1
    achievement  a1 produced by s1; p2 first contributor, p6 second
"""

from __future__ import annotations

from graph.store import Store

PEOPLE = [
    {"personId": "p1", "name": "王建国", "gender": "男", "birthYear": 1966, "phone": "13800000001", "status": "在职"},
    {"personId": "p2", "name": "李明", "gender": "男", "birthYear": 1985, "status": "在职"},
    {"personId": "p3", "name": "张伟", "gender": "男", "birthYear": 1988, "status": "在职"},
    {"personId": "p4", "name": "赵强", "gender": "男", "birthYear": 1995, "status": "在职"},
    {"personId": "p5", "name": "孙丽", "gender": "女", "birthYear": 2000, "status": "在职"},
    {"personId": "p6", "name": "周芳", "gender": "女", "status": "退休"},
]

MENTORSHIPS = [
    {"from": "p1", "to": "p2", "agreementId": "m1", "start": "2010-03-01", "end": "2012-03-01", "status": "已出师", "occupationCode": "6-18-02-04"},
    {"from": "p1", "to": "p3", "agreementId": "m2", "start": "2021-03-01", "status": "在带", "occupationCode": "6-18-01-01"},
    {"from": "p2", "to": "p4", "agreementId": "m3", "start": "2016-03-01", "end": "2018-03-01", "status": "已出师", "occupationCode": "6-18-02-04"},
    {"from": "p3", "to": "p4", "agreementId": "m4", "start": "2022-03-01", "status": "在带", "occupationCode": "6-18-01-01"},
    {"from": "p4", "to": "p5", "agreementId": "m5", "start": "2023-03-01", "status": "在带", "occupationCode": "6-18-02-04"},
]


def build_small_graph(store: Store) -> None:
    store.setup_schema()
    store.upsert_nodes("Region", [
        {"code": "420000", "name": "湖北省"}, {"code": "421000", "name": "荆州市"},
        {"code": "421002", "name": "沙市区"}, {"code": "421003", "name": "荆州区"}, {"code": "110000", "name": "北京市"},
    ])
    store.upsert_relationships("PART_OF", [
        {"from": "421000", "to": "420000"}, {"from": "421002", "to": "421000"}, {"from": "421003", "to": "421000"},
    ])
    store.upsert_nodes("Organization", [
        {"orgId": "o1", "name": "荆州石油机械厂", "regionCode": "421002", "industry": "石油装备"},
        {"orgId": "o2", "name": "荆州汽车零部件公司", "regionCode": "421003", "industry": "汽车零部件"},
        {"orgId": "o3", "name": "北京某公司", "regionCode": "110000", "industry": "汽车零部件"},
    ])
    store.upsert_nodes("Occupation", [
        {"code": "6", "name": "生产制造及有关人员", "level": "大类"},
        {"code": "6-18", "name": "机械制造基础加工人员", "level": "中类"},
        {"code": "6-18-01", "name": "机械冷加工人员", "level": "小类"},
        {"code": "6-18-01-01", "name": "车工", "level": "细类"},
        {"code": "6-18-02", "name": "机械热加工人员", "level": "小类"},
        {"code": "6-18-02-04", "name": "焊工", "level": "细类", "green": False, "digital": False},
    ])
    store.upsert_nodes("Person", PEOPLE)
    store.upsert_relationships("WORKS_AT", [
        {"from": "p1", "to": "o1", "since": "1988-07-01"}, {"from": "p2", "to": "o1"},
        {"from": "p3", "to": "o2"}, {"from": "p4", "to": "o1"}, {"from": "p5", "to": "o3"},
    ])
    store.upsert_relationships("CERTIFIED", [
        {"from": "p1", "to": "6-18-02-04", "grade": 6}, {"from": "p2", "to": "6-18-02-04", "grade": 5},
        {"from": "p3", "to": "6-18-01-01", "grade": 4}, {"from": "p4", "to": "6-18-02-04", "grade": 3},
    ])
    store.upsert_relationships("MENTORED", MENTORSHIPS)
    store.upsert_nodes("Studio", [
        {"studioId": "s1", "name": "王建国焊接创新工作室", "level": "省级", "namedYear": 2018, "demonstration": True},
        {"studioId": "s2", "name": "张伟数控工作室", "level": "市级", "namedYear": 2022},
    ])
    store.upsert_relationships("LEADS", [{"from": "p1", "to": "s1"}, {"from": "p3", "to": "s2"}])
    store.upsert_relationships("MEMBER_OF", [{"from": "p1", "to": "s1", "role": "领衔人"}, {"from": "p2", "to": "s1", "role": "成员"}])
    store.upsert_relationships("HOSTED_BY", [{"from": "s1", "to": "o1"}, {"from": "s2", "to": "o2"}])
    store.upsert_nodes("Achievement", [
        {"achievementId": "a1", "title": "管道自动焊接工艺改进", "type": "技术革新", "year": 2022, "benefitWanYuan": 120.5},
        {"achievementId": "a2", "title": "一种焊枪夹具", "type": "实用新型专利", "year": 2023, "patentNo": "ZL202320000001.1"},
    ])
    store.upsert_relationships("CONTRIBUTED", [
        {"from": "p2", "to": "a1", "rank": 1}, {"from": "p6", "to": "a1", "rank": 2}, {"from": "p1", "to": "a2", "rank": 1},
    ])
    store.upsert_relationships("PRODUCED_BY", [{"from": "a1", "to": "s1"}, {"from": "a2", "to": "s1"}])
    store.upsert_nodes("Honor", [{"honorId": "荆楚工匠-省级-2020", "name": "荆楚工匠", "level": "省级", "year": 2020}])
    store.upsert_relationships("RECEIVED", [{"from": "p1", "to": "荆楚工匠-省级-2020"}])
    store.upsert_relationships("RECEIVED", [{"from": "s1", "to": "荆楚工匠-省级-2020"}], from_label="Studio")
    store.flush()
