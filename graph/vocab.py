"""Value domains of the model: the skill-grade ladder and the closed lists of names."""

from __future__ import annotations

# The national eight-level ladder, stored as 1..8.
GRADE_NAMES: dict[int, str] = {
    1: "学徒工",
    2: "初级工",
    3: "中级工",
    4: "高级工",
    5: "技师",
    6: "高级技师",
    7: "特级技师",
    8: "首席技师",
}

# The old five-level names map onto 初级工..高级技师.
OLD_GRADE_NAMES: dict[str, int] = {"五级": 2, "四级": 3, "三级": 4, "二级": 5, "一级": 6}

GRADE_BY_NAME: dict[str, int] = {name: grade for grade, name in GRADE_NAMES.items()} | OLD_GRADE_NAMES

TECHNICIAN_GRADE = 5  # 技师: the grade a qualified successor or mentor reaches

STUDIO_LEVELS = ("国家级", "省级", "市级", "企业级")
ACHIEVEMENT_TYPES = ("发明专利", "实用新型专利", "外观设计专利", "技术革新", "合理化建议", "QC成果", "先进操作法", "其他")
IN_TRAINING, COMPLETED, ENDED = "在带", "已出师", "终止"  # a mentorship's status: training, completed (出师), ended
MENTORSHIP_STATUSES = (IN_TRAINING, COMPLETED, ENDED)
MENTORSHIP_RESULTS = ("优秀", "合格", "不合格")
EMPLOYED, RETIRED = "在职", "退休"
PERSON_STATUSES = (EMPLOYED, RETIRED)
EMPLOYMENT_FORMS = ("标准", "新就业形态")
GENDERS = ("男", "女")
OCCUPATION_LEVELS = ("大类", "中类", "小类", "细类")
HONOR_LEVELS = ("全国", "省级", "市级", "企业级")
BASE_LEVELS = ("国家级", "省级", "市级")
COMPETITION_LEVELS = ("国家级", "省级", "市级", "行业", "企业")
COMPETITION_KINDS = ("职业技能大赛", '"双创"大赛', "行业对抗赛", "劳动竞赛")  # the usual kinds; others are kept as written
COMPETITION_AWARDS = ("一等奖", "二等奖", "三等奖", "金奖", "银奖", "铜奖", "优秀奖")


def grade_name(grade: int | None) -> str | None:
    """The ladder name of a grade number, or None."""
    return GRADE_NAMES.get(grade) if grade is not None else None
