// Succession risks (HR): near-retirement masters and studio leaders with no qualified successor, oldest first.
import { gql } from "../api.js";
import { empty, fill, fmt, h, link, pagedList, personHref, studioHref, table, text } from "../dom.js";
import { GRADE_NAMES } from "../lineage-data.js";
import { regionSelect } from "../regions.js";
import { setQuery } from "../router.js";

const RISKS = `query Risks($regionCode: String, $minAge: Int!, $successorGrade: Int!, $generations: Int!, $after: String) {
  successionRisks(regionCode: $regionCode, minAge: $minAge, successorGrade: $successorGrade, generations: $generations,
                  first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      personId name age occupationCode occupationName grade gradeName bestSuccessorGrade apprenticesInTraining
      studiosLed { studioId name }
    } }
  }
}`;


function numberSelect(id, label, values, selected, name) {
  return h("label", { class: "inline" }, label, h("select", { id, "aria-label": label },
    values.map((v) => h("option", { value: v, selected: v === selected }, name(v)))));
}

export async function render(root, { query }) {
  const region = await regionSelect(query.get("region") || "");
  const age = numberSelect("f-age", "年龄不低于", [50, 52, 55, 58, 60], Number(query.get("minAge")) || 55, (v) => `${v} 岁`);
  const grade = numberSelect("f-grade", "合格传人等级", [4, 5, 6, 7], Number(query.get("grade")) || 5, (v) => GRADE_NAMES[v - 1]);
  const generations = numberSelect("f-gen", "向下查找", [1, 2, 3, 4], Number(query.get("generations")) || 2, (v) => `${v} 代`);
  const result = h("div");
  fill(root, h("section", { class: "card" }, h("h1", {}, "传承风险"),
    h("p", { class: "hint" }, "临近退休、持高级技师及以上证书或领衔工作室，但在所查代数内没有已出师且达到等级的传人。按年龄从大到小。"),
    h("div", { class: "filters" }, region, age, generations, grade), result));
  const value = (label) => Number(label.querySelector("select").value);
  const load = async () => {
    const variables = { regionCode: region.value || null, minAge: value(age), successorGrade: value(grade), generations: value(generations) };
    setQuery({ region: region.value, minAge: variables.minAge, grade: variables.successorGrade, generations: variables.generations });
    await listed(result, variables);
  };
  for (const control of [region, age, grade, generations]) control.addEventListener("change", load);
  await load();
}

async function listed(result, variables) {
  await pagedList(result, async (after) => (await gql(RISKS, { ...variables, after })).successionRisks, (rows, page) =>
    rows.length ? table([
      ["序号", (_, i) => i + 1], ["姓名", (r) => link(personHref(r.personId), r.name)], ["年龄", (r) => fmt(r.age)],
      ["职业", (r) => text(r.occupationName)], ["本人等级", (r) => text(r.gradeName)],
      ["领衔工作室", (r) => r.studiosLed.length ? r.studiosLed.map((s, i) => [i ? "、" : "", link(studioHref(s.studioId), s.name)]) : "—"],
      ["传人最高等级", (r) => (r.bestSuccessorGrade ? GRADE_NAMES[r.bestSuccessorGrade - 1] : "无")],
      ["在带徒弟", (r) => fmt(r.apprenticesInTraining)],
    ], rows, { className: "ranked", caption: `共 ${page.totalCount} 人存在传承风险` })
      : empty("这些条件下没有传承风险。", h("p", { class: "hint" }, "可降低年龄门槛或提高传人等级要求再看。")));
}
