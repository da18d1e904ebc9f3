// Year in review: the figures of a union's annual work report as charts, and a generated paragraph; printable.
import { gql } from "../api.js";
import { draw } from "../charts.js";
import { empty, failure, fill, fmt, h, loading, section, wan } from "../dom.js";
import { regionSelect } from "../regions.js";
import { workReport } from "../report.js";
import { setQuery } from "../router.js";

const REVIEW = `query Review($year: Int!, $regionCode: String) {
  yearInReview(year: $year, regionCode: $regionCode) {
    year regionCode demonstrationStudiosNamed mentorshipsBegun mentorshipsCompleted reachedTechnician
    studiosNamed { level count }
    achievements { type count benefitWanYuan }
    honours { name level recipients }
    trainingBases { level count }
    competitionsHeld { level kind count } competitionEntrants competitionWinners
  }
}`;

const bars = (names, values, { name, color = "#c62828", horizontal = false } = {}) => ({
  animation: false,
  tooltip: { trigger: "axis" },
  grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
  [horizontal ? "yAxis" : "xAxis"]: { type: "category", data: names, inverse: horizontal,
    axisLabel: { interval: 0, fontSize: 11, rotate: horizontal ? 0 : 30 } },
  [horizontal ? "xAxis" : "yAxis"]: { type: "value", minInterval: 1 },
  series: [{ type: "bar", name, data: values, itemStyle: { color }, label: { show: true, position: horizontal ? "right" : "top" } }],
});

export async function render(root, { query }) {
  const thisYear = new Date().getFullYear();
  const year = Number(query.get("year")) || thisYear - 1;
  const years = h("select", { id: "f-year", "aria-label": "年度" },
    Array.from({ length: 30 }, (_, i) => thisYear - i).map((y) => h("option", { value: y, selected: y === year }, `${y}年`)));
  const region = await regionSelect(query.get("region") || "", { all: "全市（全部地区）" });
  const result = h("div");
  fill(root, h("section", { class: "card" }, h("h1", {}, "年度回顾"),
    h("p", { class: "hint" }, "工会年度工作报告引用的数字：命名工作室、创新成果、荣誉、师带徒、技能等级和劳动技能竞赛。"),
    h("div", { class: "filters no-print" }, years, region,
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "打印")), result));
  const load = async () => {
    setQuery({ year: years.value, region: region.value });
    const scope = region.value ? region.selectedOptions[0].textContent.trim() : "全市";
    await review(result, Number(years.value), region.value || null, scope);
  };
  years.addEventListener("change", load);
  region.addEventListener("change", load);
  await load();
}

async function review(result, year, regionCode, scope) {
  fill(result, loading());
  let data;
  try {
    data = (await gql(REVIEW, { year, regionCode })).yearInReview;
  } catch (error) {
    fill(result, failure(error));
    return;
  }
  const paragraph = workReport(data, scope);
  if (!paragraph) {
    fill(result, empty(`${year}年${scope}没有相关记录。`, h("p", { class: "hint" }, "换一个年度或地区看看。")));
    return;
  }
  const totalBenefit = data.achievements.reduce((s, a) => s + a.benefitWanYuan, 0);
  const charts = {
    studios: h("div", { class: "chart chart-small", id: "chart-studios" }),
    achievements: h("div", { class: "chart chart-small", id: "chart-achievements" }),
    honours: h("div", { class: "chart chart-small", id: "chart-honours" }),
    bases: h("div", { class: "chart chart-small", id: "chart-bases" }),
  };
  fill(result,
    section(`${year}年工作报告摘要`, h("p", { class: "report", id: "report" }, paragraph)),
    h("div", { class: "tiles" },
      tile("新命名工作室", data.studiosNamed.reduce((s, l) => s + l.count, 0), "家"),
      tile("创新成果", data.achievements.reduce((s, a) => s + a.count, 0), "项"),
      tile("经济效益", fmt(totalBenefit), "万元"),
      tile("新签师带徒", data.mentorshipsBegun, "对"), tile("徒弟出师", data.mentorshipsCompleted, "人"),
      tile("新晋技师及以上", data.reachedTechnician, "人"),
      tile("举办技能竞赛", data.competitionsHeld.reduce((s, c) => s + c.count, 0), "项"),
      tile("竞赛获奖职工", data.competitionWinners, "人")),
    h("div", { class: "grid2" },
      section("命名工作室（按级别）", charts.studios), section("创新成果（按类型，项）", charts.achievements),
      section("荣誉（获得者数）", charts.honours), section("培训基地（按级别）", charts.bases)),
  );
  draw(charts.studios, "studios", bars(data.studiosNamed.map((l) => l.level || "未定级"), data.studiosNamed.map((l) => l.count), { name: "工作室" }), { renderer: "svg" });
  draw(charts.achievements, "achievements", {
    ...bars(data.achievements.map((a) => a.type), data.achievements.map((a) => a.count), { name: "项", color: "#1565c0" }),
    tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}：${p[0].value} 项，效益 ${wan(data.achievements[p[0].dataIndex].benefitWanYuan)}` },
  }, { renderer: "svg" });
  draw(charts.honours, "honours", bars(data.honours.map((x) => `${x.name}`), data.honours.map((x) => x.recipients), { name: "获得者", color: "#f9a825", horizontal: true }), { renderer: "svg" });
  draw(charts.bases, "bases", bars(data.trainingBases.map((l) => l.level || "未定级"), data.trainingBases.map((l) => l.count), { name: "基地", color: "#2e7d32" }), { renderer: "svg" });
  charts.honours.style.height = `${Math.max(220, data.honours.length * 30 + 40)}px`;
}

function tile(label, value, unit) {
  return h("div", { class: "tile" }, h("span", { class: "tile-value" }, value ?? "—"), h("span", { class: "tile-unit" }, unit),
    h("span", { class: "tile-label" }, label));
}
