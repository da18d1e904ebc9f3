// The year in review as a paragraph in the style of a union work report (工作报告).

const join = (parts) => parts.filter(Boolean).join("、");
const money = (value) => (Math.round(value * 10) / 10).toLocaleString("zh-CN");

/** e.g. "2021年，全市新命名劳模和工匠创新工作室2家，其中省级1家、市级1家……" */
export function workReport(review, scope) {
  const studios = review.studiosNamed.reduce((sum, level) => sum + level.count, 0);
  const achievements = review.achievements.reduce((sum, a) => sum + a.count, 0);
  const benefit = review.achievements.reduce((sum, a) => sum + a.benefitWanYuan, 0);
  const honours = review.honours.reduce((sum, x) => sum + x.recipients, 0);
  const bases = review.trainingBases.reduce((sum, level) => sum + level.count, 0);
  const sentences = [];
  if (studios) {
    const levels = join(review.studiosNamed.map((l) => `${l.level || "未定级"}${l.count}家`));
    const demo = review.demonstrationStudiosNamed ? `，示范性工作室${review.demonstrationStudiosNamed}家` : "";
    sentences.push(`新命名劳模和工匠人才创新工作室${studios}家，其中${levels}${demo}`);
  }
  if (achievements) {
    const types = join(review.achievements.filter((a) => a.count).map((a) => `${a.type}${a.count}项`));
    sentences.push(`取得创新成果${achievements}项（${types}），创造经济效益${money(benefit)}万元`);
  }
  if (honours) {
    const top = join(review.honours.slice(0, 4).map((x) => `${x.name}${x.recipients}个`));
    sentences.push(`${honours}个（人次）集体和个人获得各级荣誉，其中${top}`);
  }
  if (review.mentorshipsBegun || review.mentorshipsCompleted) {
    sentences.push(`新签订师带徒协议${review.mentorshipsBegun}对，${review.mentorshipsCompleted}名徒弟按协议出师`);
  }
  if (review.reachedTechnician) sentences.push(`${review.reachedTechnician}名职工首次取得技师及以上职业技能等级`);
  const held = (review.competitionsHeld || []).reduce((sum, c) => sum + c.count, 0);
  if (held || review.competitionEntrants) {
    const levels = new Map();
    for (const c of review.competitionsHeld || []) levels.set(c.level || "未定级", (levels.get(c.level || "未定级") || 0) + c.count);
    const detail = held ? `举办劳动和技能竞赛${held}项（${join([...levels].map(([level, n]) => `${level}${n}项`))}），` : "";
    sentences.push(`${detail}${review.competitionEntrants}名职工参加各级竞赛，${review.competitionWinners}名获奖`);
  }
  if (!sentences.length) return "";
  const tail = bases ? `。${scope}现有技能人才培训基地${bases}个（${join(review.trainingBases.map((l) => `${l.level || "未定级"}${l.count}个`))}）` : "";
  return `${review.year}年，${scope}${sentences.join("；")}${tail}。`;
}
