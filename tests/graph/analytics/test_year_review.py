"""yearInReview on the small graph plus a few dated certificates, achievements and training bases."""

from __future__ import annotations

import pytest

from graph.analytics.year_review import AchievementTotal, HonourCount, LevelCount, year_in_review
from graph.store import Store


@pytest.fixture
def reported(graph: Store) -> Store:
    graph.upsert_nodes("Studio", [{"studioId": "s3", "name": "北京工作室", "level": "国家级", "namedYear": 2022, "demonstration": True}])
    graph.upsert_relationships("HOSTED_BY", [{"from": "s3", "to": "o3"}])
    graph.upsert_nodes("Achievement", [
        {"achievementId": "a3", "title": "甲", "type": "技术革新", "year": 2022, "benefitWanYuan": 0.1},
        {"achievementId": "a4", "title": "乙", "type": "发明专利", "year": 2022, "benefitWanYuan": 0.2},
    ])
    graph.upsert_relationships("PRODUCED_BY", [{"from": "a3", "to": "s3"}])
    graph.upsert_relationships("CONTRIBUTED", [{"from": "p3", "to": "a4", "rank": 1}])
    graph.upsert_relationships("CERTIFIED", [
        {"from": "p2", "to": "6-18-02-04", "grade": 5, "issuedOn": "2022-06-01"},  # first time 技师: 2022
        {"from": "p1", "to": "6-18-02-04", "grade": 6, "issuedOn": "2022-01-01"},
        {"from": "p1", "to": "6-18-01-01", "grade": 5, "issuedOn": "2001-01-01"},  # p1 reached 技师 in 2001
    ])
    graph.upsert_nodes("TrainingBase", [
        {"baseId": "b1", "name": "荆州技师学院", "level": "省级", "regionCode": "421002"},
        {"baseId": "b2", "name": "北京基地", "level": "国家级", "regionCode": "110000"},
    ])
    return graph


def test_the_figures_of_a_year(reported: Store) -> None:
    review = year_in_review(reported, 2022)
    assert review.studios_named == [LevelCount("国家级", 1), LevelCount("市级", 1)]
    assert review.demonstration_studios_named == 1
    # by the vocabulary's order of types: 发明专利 before 技术革新
    assert [(a.type, a.count) for a in review.achievements] == [("发明专利", 1), ("技术革新", 2)]
    assert review.achievements[1].benefit_wan_yuan == pytest.approx(120.6)
    assert (review.mentorships_begun, review.mentorships_completed) == (1, 0)  # m4 began 2022-03-01
    assert review.reached_technician == 1  # p2; p1 was a 技师 long before
    assert review.training_bases == [LevelCount("国家级", 1), LevelCount("省级", 1)]
    assert review.honours == []


def test_honours_count_every_recipient_and_completions_their_end_year(reported: Store) -> None:
    earlier = year_in_review(reported, 2020)
    assert earlier.honours == [HonourCount("荆楚工匠", "省级", 2)]  # p1 and studio s1
    assert year_in_review(reported, 2018).mentorships_completed == 1  # m3 ended 2018-03-01
    assert year_in_review(reported, 2012).mentorships_completed == 1  # m1


def test_a_region_keeps_what_happened_in_it_and_under_it(reported: Store) -> None:
    review = year_in_review(reported, 2022, "421000")
    assert review.studios_named == [LevelCount("市级", 1)]  # s3 is hosted in Beijing
    # a1 by studio s1 (沙市区), a4 by p3 who works in 荆州区; a3 only by the Beijing studio
    assert review.achievements == [AchievementTotal("发明专利", 1, 0.2), AchievementTotal("技术革新", 1, 120.5)]
    assert review.training_bases == [LevelCount("省级", 1)]
    assert year_in_review(reported, 2022, "110000").reached_technician == 0


def test_an_empty_year(reported: Store) -> None:
    review = year_in_review(reported, 1990)
    assert review.studios_named == [] and review.achievements == [] and review.mentorships_begun == 0
    assert review.training_bases == [LevelCount("国家级", 1), LevelCount("省级", 1)]  # bases have no year
