// A person: grade, employer, certificates, honours, competitions, studios, achievements, the mentor lineage as a picture,
// and where they stand among key mentors and succession risks.
import { gqlPartial } from "../api.js";
import { draw } from "../charts.js";
import { empty, facts, failure, fill, fmt, h, link, loading, personHref, section, studioHref, table, text, wan } from "../dom.js";
import { STATUS_STYLE, lineageOption } from "../graphs.js";
import { lineage, mentorStanding, riskStanding } from "../lineage-data.js";
import { watch } from "../live.js";
import { PERSON_EVENTS, agreementsOf, ownChange, recordForm, redraw } from "../record.js";
import { navigate, setQuery } from "../router.js";
import { recordsPeople, seesPeople } from "../session.js";

const PERSON = `query Person($id: ID!) {
  person(id: $id) {
    personId name gender birthYear phone status employmentForm version
    employer { position since organization { orgId name region { name } } }
    certifications { grade gradeName issuedOn certNo version occupation { code name } }
    studiosLed { since studio { studioId name level } }
    studios { role since studio { studioId name level } }
    achievements { rank achievement { achievementId title type year benefitWanYuan } }
    honors { name level year grantor }
    competitions { rank award gradeAwardedName competition { competitionId name year level kind } }
    masters { agreementId start plannedEnd end status result version master { personId name } }
    apprentices { agreementId start plannedEnd end status result version apprentice { personId name } }
  }
}`;

const best = (certs) => (certs || []).reduce((top, c) => (!top || c.grade > top.grade ? c : top), null);

export async function render(root, { params, query, notice = "" }) {
  const data = await gqlPartial(PERSON, { id: params.key });
  const person = data.person;
  if (!person) {
    fill(root, empty("没有找到这个人。", link("/search", "返回搜索")));
    return;
  }
  const depth = Math.min(10, Math.max(1, Number(query.get("depth")) || 3));
  const top = best(person.certifications);
  const led = (person.studiosLed || []).map((l) => ({ role: "领衔人", since: l.since, studio: l.studio }));
  const studios = [...led, ...(person.studios || []).filter((m) => !led.some((l) => l.studio.studioId === m.studio.studioId))];
  const agreements = agreementsOf(person).filter((a) => a.other);
  const again = redraw(render, root, { params, query });
  const standing = h("div", { class: "standing" }, loading("正在查询传承地位…"));
  const lineageBox = h("div", { class: "lineage" });
  fill(root,
    h("div", { class: "person-top" }, h("section", { class: "card person-head" },
      h("h1", {}, person.name, top ? h("span", { class: "badge" }, top.gradeName) : null),
      facts([
        ["工作单位", person.employer ? [link(`/organization/${encodeURIComponent(person.employer.organization.orgId)}`,
          person.employer.organization.name), person.employer.position ? ` · ${person.employer.position}` : ""] : "—"],
        ["所在地区", person.employer?.organization?.region?.name],
        ["最高技能等级", top ? `${top.gradeName}（${top.occupation.name}）` : "无证书"],
        ["性别", person.gender], ["出生年份", person.birthYear], ["状态", person.status],
        ["用工形式", person.employmentForm], ["联系电话", person.phone],
      ]),
      standing),
    section("师徒传承", lineageBox)),
    recordsPeople() ? section("记录", recordForm(PERSON_EVENTS, person, again, notice)) : null,
    section("师带徒协议", agreements.length ? table([
      ["关系", (a) => a.as], ["姓名", (a) => link(personHref(a.other.personId), a.other.name)],
      ["协议编号", (a) => a.agreementId], ["开始", (a) => text(a.start)], ["计划出师", (a) => text(a.plannedEnd)],
      ["出师/终止", (a) => text(a.end)], ["状态", (a) => h("span", { class: `status status-${a.status}` }, a.status)],
      ["考核结果", (a) => text(a.result)],
    ], agreements) : empty("没有师带徒协议记录。")),
    section("技能证书", (person.certifications || []).length ? table([
      ["职业", (c) => `${c.occupation.name}（${c.occupation.code}）`], ["技能等级", (c) => c.gradeName],
      ["发证日期", (c) => text(c.issuedOn)], ["证书编号", (c) => text(c.certNo)],
    ], person.certifications) : empty("暂无证书记录。")),
    section("荣誉", person.honors.length ? table([
      ["荣誉", (x) => x.name], ["级别", (x) => text(x.level)], ["年份", (x) => text(x.year)], ["授予单位", (x) => text(x.grantor)],
    ], person.honors) : empty("暂无荣誉记录。")),
    section("技能竞赛", (person.competitions || []).length ? table([
      ["竞赛", (c) => c.competition.name], ["年度", (c) => text(c.competition.year)],
      ["级别", (c) => text(c.competition.level)], ["类型", (c) => text(c.competition.kind)],
      ["名次", (c) => text(c.rank)], ["获奖等级", (c) => text(c.award)], ["晋升等级", (c) => text(c.gradeAwardedName)],
    ], person.competitions) : empty("暂无参赛记录。")),
    section("工作室", studios.length ? table([
      ["工作室", (m) => link(studioHref(m.studio.studioId), m.studio.name)], ["级别", (m) => text(m.studio.level)],
      ["角色", (m) => text(m.role)], ["加入时间", (m) => text(m.since)],
    ], studios) : empty("未加入工作室。")),
    section("创新成果", (person.achievements || []).length ? table([
      ["成果", (c) => link(`/achievement/${encodeURIComponent(c.achievement.achievementId)}`, c.achievement.title)],
      ["类型", (c) => c.achievement.type], ["年度", (c) => text(c.achievement.year)],
      ["经济效益", (c) => wan(c.achievement.benefitWanYuan)], ["完成人排名", (c) => (c.rank === 1 ? "第一完成人" : `第${c.rank}完成人`)],
    ], person.achievements) : empty("暂无创新成果。")),
  );
  if (seesPeople()) {
    watch(person.personId, (entry) => {  // another clerk recorded something about this person: show it
      if (!ownChange(entry) && (entry.people.includes(person.personId) || entry.objectKey === person.personId)) {
        again(`${entry.label || entry.operation} 刚刚记录了新的变更（审计记录 #${entry.seq}），页面已更新。`);
      }
    });
  }
  await Promise.all([drawLineage(lineageBox, person, depth), showStanding(standing, person.personId)]);
}

let drawing = 0;  // the latest lineage asked for: an older, slower answer is not drawn over it

async function drawLineage(box, person, depth) {
  const ticket = ++drawing;
  const select = h("select", { id: "depth", "aria-label": "代数" },
    Array.from({ length: 10 }, (_, i) => h("option", { value: i + 1, selected: i + 1 === depth }, `上下各 ${i + 1} 代`)));
  const summary = h("p", { class: "generations" });
  const picture = h("div", { class: "chart chart-lineage", id: "lineage-chart" });
  const legend = h("p", { class: "legend" }, Object.entries(STATUS_STYLE).map(([status, style]) =>
    h("span", { class: `line line-${style.type}`, style: `--c:${style.color}` }, status)),
  h("span", { class: "muted" }, "节点颜色越深，技能等级越高；点击人员可查看其传承。"));
  fill(box, h("label", { class: "inline" }, "范围 ", select), summary, picture, legend);
  select.addEventListener("change", () => {
    setQuery({ depth: select.value });
    drawLineage(box, person, Number(select.value));
  });
  fill(summary, loading("正在绘制传承图…"));
  try {
    const found = await lineage(person.personId, depth);
    if (ticket !== drawing) return;
    const masters = found.up.generations.map((g) => `上${g.generation}代 ${g.people} 人`);
    const apprentices = found.down.generations.map((g) => `下${g.generation}代 ${g.people} 人`);
    fill(summary, found.people.length > 1
      ? [`师傅 ${found.up.total} 人，徒弟及再传弟子 ${found.down.total} 人：`, [...masters, ...apprentices].join("，"), "。"]
      : "没有师带徒记录：此人既无师傅也无徒弟。可在人事系统中登记师带徒协议后再查看。");
    if (found.people.length > 1) {
      const aspect = picture.clientWidth / Math.max(1, picture.clientHeight);
      draw(picture, "lineage", lineageOption(found.people, found.mentorships, { aspect }), {
        onClick: (event) => {
          if (event.dataType === "node" && event.data.id !== person.personId) {
            navigate(`${personHref(event.data.id)}?depth=${depth}`);
          }
        },
      });
    } else {
      picture.remove();
    }
  } catch (error) {
    fill(summary, failure(error));
  }
}

async function showStanding(box, personId) {
  try {
    const [mentor, risk] = await Promise.all([mentorStanding(personId), riskStanding(personId)]);
    const lines = [];
    if (mentor) {
      lines.push(h("p", { class: "standing-mentor" }, link("/mentors", "带徒名师"), `排名第 ${mentor.rank} 位（共 ${mentor.of} 位）：`,
        `直接徒弟 ${mentor.apprentices} 人，传人 ${mentor.descendants} 人，传承 ${mentor.depth} 代，`,
        `其中获荣誉 ${mentor.honouredDescendants} 人、技师及以上 ${mentor.technicianDescendants} 人。`));
    }
    if (risk) {
      lines.push(h("p", { class: "standing-risk warn" }, link("/risks", "传承风险"), `：${risk.age} 岁，`,
        `${risk.occupationName || "所领衔工作室"}${risk.gradeName ? `（${risk.gradeName}）` : ""}尚无合格传人`,
        risk.bestSuccessorGrade ? `，传人最高等级 ${risk.bestSuccessorGradeName}` : "",
        `，在带徒弟 ${fmt(risk.apprenticesInTraining)} 人。`));
    }
    fill(box, lines.length ? lines : null);
  } catch (error) {
    fill(box, error.kind === "forbidden" ? null : failure(error));
  }
}
