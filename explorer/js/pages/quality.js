// Data quality (admin): what the data-quality query finds, each example linking to its node.
import { gql } from "../api.js";
import { empty, fill, fmt, h, link, personHref, section, studioHref, table } from "../dom.js";

const QUALITY = `{ dataQuality { check description count examples { key detail } } }`;

// Each check: its title, what to do about it, and where its keys link (agreements have no page: their people do).
const TITLES = {
  peopleWithoutEmployer: ["无工作单位的人员", "补录其工作单位（WORKS_AT）。", (key) => personHref(key)],
  overdueMentorships: ["超过计划出师时间仍在带的师带徒", "核实是否已出师或终止，并更新协议状态。", null],
  apprenticesAboveMaster: ["签约时徒弟等级高于师傅", "核对双方证书等级或协议的师徒方向。", null],
  leadersNotMembers: ["领衔人不是成员的工作室", "将领衔人登记为工作室成员。", (key) => studioHref(key)],
  achievementsWithoutFirstContributor: ["没有第一完成人的创新成果", "补录第一完成人。",
    (key) => `/achievement/${encodeURIComponent(key)}`],
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
    const [title, todo, href] = TITLES[check.check] || [check.check, check.description, null];
    return section(`${title}（${fmt(check.count)}）`, h("p", { class: "hint" }, todo),
      check.examples.length ? table([
        ["编号", (x) => (href ? link(href(x.key), x.key) : x.key)], ["问题", (x) => detailWithLinks(x.detail)],
      ], check.examples) : empty("没有发现这类问题。"));
  }));
}
