// A studio: leader, host, members and the mentorships between them, achievements with benefit, honours.
import { gqlPartial } from "../api.js";
import { draw } from "../charts.js";
import { empty, facts, fill, fmt, h, link, personHref, section, table, text, wan } from "../dom.js";
import { STATUS_STYLE, membersOption } from "../graphs.js";
import { bestGrades } from "../lineage-data.js";
import { navigate } from "../router.js";
import { STUDIO_EVENTS, recordForm, redraw } from "../record.js";
import { recordsAll, seesPeople } from "../session.js";

const STUDIO = `query Studio($id: ID!) {
  studio(id: $id) {
    studioId name level demonstration namedYear batch industry memberCount achievementCount totalBenefitWanYuan
    host { orgId name region { name } }
    leader { since leader { personId name } }
    members { role since member { personId name apprentices { agreementId status apprentice { personId } } } }
    achievements { achievementId title type year benefitWanYuan patentNo awardLevel }
    honors { name level year }
  }
}`;

export async function render(root, { params, notice = "" }) {
  const { studio } = await gqlPartial(STUDIO, { id: params.key });
  if (!studio) {
    fill(root, empty("没有找到这个工作室。", link("/search", "返回搜索")));
    return;
  }
  const members = studio.members || [];
  const gradeSpans = new Map();  // filled in when the members' grades arrive
  const gradeCell = (personId) => {
    const span = h("span", { class: "muted" }, "…");
    gradeSpans.set(personId, span);
    return span;
  };
  const picture = h("div", { class: "chart chart-members", id: "members-chart" });
  const achievements = [...studio.achievements].sort((a, b) => (b.year || 0) - (a.year || 0));
  fill(root,
    h("section", { class: "card" },
      h("h1", {}, studio.name, studio.level ? h("span", { class: "badge" }, studio.level) : null,
        studio.demonstration ? h("span", { class: "badge badge-demo" }, "示范性") : null),
      facts([
        ["领衔人", studio.leader?.leader ? link(personHref(studio.leader.leader.personId), studio.leader.leader.name) : null],
        ["依托单位", studio.host ? link(`/organization/${encodeURIComponent(studio.host.orgId)}`, studio.host.name) : null],
        ["所在地区", studio.host?.region?.name], ["所属行业", studio.industry],
        ["命名年份", studio.namedYear], ["批次", studio.batch],
        ["成员", `${fmt(studio.memberCount)} 人`], ["创新成果", `${fmt(studio.achievementCount)} 项`],
        ["经济效益合计", wan(studio.totalBenefitWanYuan)],
      ])),
    recordsAll() ? section("记录", recordForm(STUDIO_EVENTS, studio, redraw(render, root, { params }), notice)) : null,
    section("成员与师徒关系", seesPeople() ? (members.length ? [picture,
      h("p", { class: "legend" }, Object.entries(STATUS_STYLE).map(([status, style]) =>
        h("span", { class: `line line-${style.type}`, style: `--c:${style.color}` }, status)),
      h("span", { class: "muted" }, "箭头由师傅指向徒弟；点击成员查看其传承。")),
      table([
        ["成员", (m) => link(personHref(m.member.personId), m.member.name)], ["角色", (m) => text(m.role)],
        ["技能等级", (m) => gradeCell(m.member.personId)], ["加入时间", (m) => text(m.since)],
      ], members)] : empty("这个工作室还没有登记成员。"))
      : empty("成员名单仅对登录用户开放。", link("/signin", "登录后查看"))),
    section(`创新成果（${achievements.length}）`, achievements.length ? table([
      ["成果", (a) => link(`/achievement/${encodeURIComponent(a.achievementId)}`, a.title)], ["类型", (a) => a.type],
      ["年度", (a) => text(a.year)], ["经济效益", (a) => wan(a.benefitWanYuan)], ["专利号", (a) => text(a.patentNo)],
      ["获奖等级", (a) => text(a.awardLevel)],
    ], achievements) : empty("暂无创新成果。")),
    section("荣誉", studio.honors.length ? table([
      ["荣誉", (x) => x.name], ["级别", (x) => text(x.level)], ["年份", (x) => text(x.year)],
    ], studio.honors) : empty("暂无荣誉记录。")),
  );
  if (seesPeople() && members.length) await drawMembers(picture, studio, members, gradeSpans);
}

async function drawMembers(picture, studio, members, gradeSpans) {
  const ids = new Set(members.map((m) => m.member.personId));
  const mentorships = members.flatMap((m) => (m.member.apprentices || [])
    .filter((a) => ids.has(a.apprentice.personId))
    .map((a) => ({ agreementId: a.agreementId, status: a.status, masterId: m.member.personId, apprenticeId: a.apprentice.personId })));
  if (!mentorships.length) {
    picture.before(h("p", { class: "hint" }, "成员之间没有登记师带徒关系。"));
  }
  const grades = await bestGrades([...ids]);
  for (const [personId, span] of gradeSpans) {
    const top = grades.get(personId);
    span.textContent = top ? top.gradeName : "无证书";
    span.className = "";
  }
  const leaderId = studio.leader?.leader?.personId;
  const people = members.map((m) => ({
    personId: m.member.personId, name: m.member.name, leader: m.member.personId === leaderId,
    grade: grades.get(m.member.personId)?.grade ?? null, gradeName: grades.get(m.member.personId)?.gradeName ?? null,
  }));
  draw(picture, "members", membersOption(people, mentorships), {
    onClick: (event) => event.dataType === "node" && navigate(personHref(event.data.id)),
  });
}
