// Skill gaps (planners): filters, the gap table in the API's order, a region × occupation heat map, exports.
import { allNodes, gql } from "../api.js";
import { draw } from "../charts.js";
import { empty, failure, fill, fmt, h, loading, pct, section, table, text } from "../dom.js";
import { downloadCsv, downloadXlsx } from "../export.js";
import { gapMatrix, heatmapOption } from "../heatmap.js";
import { regionSelect } from "../regions.js";
import { setQuery } from "../router.js";

const FILTERS = `query GapFilters($after: String) {
  occupations(first: 100, orderBy: [{ field: CODE }]) { nodes { code name level } }
  demands(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { industry year } } }
}`;

const GAPS = `query Gaps($regionCode: String, $industry: String, $occupationCode: String, $year: Int, $after: String) {
  skillGaps(regionCode: $regionCode, industry: $industry, occupationCode: $occupationCode, year: $year, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      demandId regionCode regionName industry occupationCode occupationName minGrade minGradeName required year
      supply pipeline mentorCapacity gap gapAfterPipeline coverage
    } }
  }
}`;

/** The exported and shown columns: Chinese header, value. */
export const GAP_COLUMNS = [
  ["需求编号", (r) => r.demandId], ["地区代码", (r) => r.regionCode], ["地区", (r) => r.regionName],
  ["行业", (r) => r.industry], ["职业编码", (r) => r.occupationCode], ["职业", (r) => r.occupationName],
  ["最低等级", (r) => r.minGradeName], ["需求人数", (r) => r.required], ["年度", (r) => r.year],
  ["持证供给", (r) => r.supply], ["在培徒弟", (r) => r.pipeline], ["可带徒师傅", (r) => r.mentorCapacity],
  ["缺口", (r) => r.gap], ["扣除在培后缺口", (r) => r.gapAfterPipeline],
  ["覆盖率", (r) => r.coverage, { format: "0.0%" }],
];

const COUNTS = new Set(["需求人数", "持证供给", "在培徒弟", "可带徒师傅", "缺口", "扣除在培后缺口"]);
const SHOWN = GAP_COLUMNS.map(([header, value]) => [header, (r) => {
  if (header === "覆盖率") return pct(r.coverage);
  return COUNTS.has(header) ? fmt(value(r)) : text(value(r));
}]);

function options(values, selected, label) {
  return [h("option", { value: "" }, label), ...values.map(([value, name]) =>
    h("option", { value, selected: String(value) === selected }, name))];
}

export async function render(root, { query }) {
  const { occupations, demands } = await firstFilters();
  const chosen = { region: query.get("region") || "", industry: query.get("industry") || "",
    occupation: query.get("occupation") || "", year: query.get("year") || "" };
  const industries = [...new Set(demands.map((d) => d.industry).filter(Boolean))].sort();
  const years = [...new Set(demands.map((d) => d.year).filter(Boolean))].sort((a, b) => b - a);
  const selects = {
    region: await regionSelect(chosen.region),
    industry: h("select", { id: "f-industry", "aria-label": "行业" }, options(industries.map((i) => [i, i]), chosen.industry, "全部行业")),
    occupation: h("select", { id: "f-occupation", "aria-label": "职业" }, options(occupations.map((o) =>
      [o.code, `${"　".repeat({ 大类: 0, 中类: 1, 小类: 2, 细类: 3 }[o.level] ?? 0)}${o.name}`]), chosen.occupation, "全部职业")),
    year: h("select", { id: "f-year", "aria-label": "年度" }, options(years.map((y) => [y, `${y}年`]), chosen.year, "全部年度")),
  };
  const result = h("div", { class: "gap-result" });
  fill(root, h("section", { class: "card" }, h("h1", {}, "技能缺口"),
    h("p", { class: "hint" }, "按地区、行业、职业和年度比较技能人才需求与持证供给（含下级地区和细分职业），缺口最大的排在最前。"),
    h("div", { class: "filters" }, Object.values(selects))), result);
  const refresh = async () => {
    for (const key of Object.keys(chosen)) chosen[key] = selects[key].value;
    setQuery(chosen);
    await showGaps(result, chosen);
  };
  for (const select of Object.values(selects)) select.addEventListener("change", refresh);
  await showGaps(result, chosen);
}

async function firstFilters() {
  let after = null;
  let first = null;
  const demands = [];
  for (let page = 0; page < 20; page += 1) {
    const data = await gql(FILTERS, { after });
    first = first || data;
    demands.push(...data.demands.edges.map((e) => e.node));
    if (!data.demands.pageInfo.hasNextPage) break;
    after = data.demands.pageInfo.endCursor;
  }
  return { occupations: first.occupations.nodes, demands };
}

async function showGaps(result, chosen) {
  fill(result, loading("正在计算缺口…"));
  const variables = { regionCode: chosen.region || null, industry: chosen.industry || null,
    occupationCode: chosen.occupation || null, year: chosen.year ? Number(chosen.year) : null };
  let rows;
  try {
    rows = await allNodes(GAPS, variables, (d) => d.skillGaps);
  } catch (error) {
    fill(result, failure(error));
    return;
  }
  if (!rows.length) {
    fill(result, empty("这些条件下没有登记需求。", h("p", { class: "hint" }, "放宽筛选条件（如选择“全部年度”），或先用 studiograph load 导入 demand 需求表。")));
    return;
  }
  const name = `技能缺口${chosen.year ? `-${chosen.year}年` : ""}`;
  const totalGap = rows.reduce((sum, r) => sum + r.gap, 0);
  const picture = h("div", { class: "chart chart-heatmap", id: "heatmap-chart" });
  fill(result,
    section("缺口热力图（地区 × 职业）", h("div", { class: "chart-scroll" }, picture)),
    section(`缺口明细（${rows.length} 项需求，缺口合计 ${fmt(totalGap)} 人）`,
      h("div", { class: "actions" },
        h("button", { type: "button", id: "export-xlsx", onclick: () => downloadXlsx(GAP_COLUMNS, rows, `${name}.xlsx`, "技能缺口") }, "导出 Excel"),
        h("button", { type: "button", id: "export-csv", class: "secondary", onclick: () => downloadCsv(GAP_COLUMNS, rows, `${name}.csv`) }, "导出 CSV")),
      table(SHOWN, rows, { className: "gaps" })));
  const matrix = gapMatrix(rows);
  picture.style.height = `${Math.max(260, matrix.regions.length * 34 + 150)}px`;
  picture.style.minWidth = `${matrix.occupations.length * 24 + 100}px`;  // a phone scrolls it sideways
  draw(picture, "heatmap", heatmapOption(matrix));
}
