// Data quality (admin): what the data-quality query finds, each example linking to its node.
import { gql } from "../api.js";
import { empty, fill, fmt, h, link, personHref, section, studioHref, table } from "../dom.js";

const QUALITY = `{ dataQuality { check description count examples { key detail } } }`;

const TITLES = {
  peopleWithoutEmployer: ["无工作单位的人员", (key) => personHref(key)],
  overdueMentorships: ["超过计划出师时间仍在带的师带徒", null],
  apprenticesAboveMaster: ["签约时徒弟等级高于师傅", null],
  leadersNotMembers: ["领衔人不是成员的工作室", (key) => studioHref(key)],
  achievementsWithoutFirstContributor: ["没有第一完成人的创新成果", (key) => `/achievement/${encodeURIComponent(key)}`],
};

// The people named in a detail ("P0000041 -> P0000081, ..."): linked when they are person keys the API knows.
function detailWithLinks(detail) {
  return detail.split(/(\bP\d{3,}\b)/).map((part, i) => (i % 2 ? link(personHref(part), part) : part));
}

export async function render(root) {
  const { dataQuality } = await gql(QUALITY);
  const problems = dataQuality.reduce((sum, check) => sum + check.count, 0);
  fill(root, h("section", { class: "card" }, h("h1", {}, "数据质量"),
    h("p", { class: problems ? "warn" : "ok" }, problems ? `共发现 ${fmt(problems)} 处需要人事部门核对的问题（每类列出前十条）。`
      : "没有发现问题：所有检查都通过了。")),
  dataQuality.map((check) => {
    const [title, href] = TITLES[check.check] || [check.check, null];
    return section(`${title}（${fmt(check.count)}）`, h("p", { class: "hint" }, check.description),
      check.examples.length ? table([
        ["编号", (x) => (href ? link(href(x.key), x.key) : x.key)], ["问题", (x) => detailWithLinks(x.detail)],
      ], check.examples) : empty("没有发现这类问题。"));
  }));
}
