// ECharts options for the mentorship pictures: a lineage by generation, and a studio's members.

export const STATUS_STYLE = {
  在带: { color: "#2e7d32", type: "solid" },
  已出师: { color: "#1565c0", type: "solid" },
  终止: { color: "#9e9e9e", type: "dashed" },
};
// Eight grades, 学徒工 (1) to 首席技师 (8): light to deep; unknown grade grey.
const GRADE_COLORS = ["#c8e6c9", "#a5d6a7", "#80cbc4", "#4db6ac", "#ffb74d", "#fb8c00", "#e65100", "#b71c1c"];
export const gradeColor = (grade) => (grade ? GRADE_COLORS[grade - 1] : "#cfd8dc");

function node(person, x, y, extra = {}) {
  const label = person.gradeName ? `${person.name}\n${person.gradeName}` : person.name;
  return {
    id: person.personId, name: person.name, value: person.gradeName || "无证书", x, y,
    generation: person.generation, grade: person.grade ?? null,
    symbolSize: person.generation === 0 ? 46 : 34,
    itemStyle: { color: gradeColor(person.grade), borderColor: person.generation === 0 ? "#333" : "#fff", borderWidth: 2 },
    label: { show: true, formatter: label, fontSize: 11, position: "bottom", lineHeight: 14 },
    ...extra,
  };
}

function edge(mentorship, showLabel) {
  const style = STATUS_STYLE[mentorship.status] || STATUS_STYLE.在带;
  return {
    source: mentorship.masterId, target: mentorship.apprenticeId, status: mentorship.status,
    agreementId: mentorship.agreementId,
    lineStyle: { color: style.color, type: style.type, width: 2, curveness: 0.08 },
    label: { show: showLabel, formatter: mentorship.status, fontSize: 10, color: style.color },
  };
}

/**
 * People by signed generation (masters above: −1, −2 ...; apprentices below: 1, 2 ...; the person at 0),
 * each row centred, and the mentorships between them, as one ECharts graph series. `aspect` is the
 * picture's width / height: rows are spaced so a wide lineage fills it, and its aspect is kept.
 */
export function lineageOption(people, mentorships, { aspect = 2.2 } = {}) {
  const rows = new Map();
  for (const person of people) {
    if (!rows.has(person.generation)) rows.set(person.generation, []);
    rows.get(person.generation).push(person);
  }
  const widest = Math.max(1, ...[...rows.values()].map((row) => row.length));
  const generations = [...rows.keys()];
  const depth = Math.max(1, Math.max(...generations) - Math.min(...generations));
  const spacing = 100;
  const rowGap = Math.max(90, ((widest - 1) * spacing) / (aspect * depth));
  const crowded = widest > 24;
  const data = [];
  const x = new Map();
  const neighbours = new Map();  // personId -> people one generation nearer the start, linked by a mentorship
  for (const m of mentorships) {
    for (const [one, other] of [[m.masterId, m.apprenticeId], [m.apprenticeId, m.masterId]]) {
      if (!neighbours.has(one)) neighbours.set(one, []);
      neighbours.get(one).push(other);
    }
  }
  const outward = [...rows.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const generation of outward) {
    const row = rows.get(generation);
    // Under (or over) the people they are linked to, so that few mentorship lines cross.
    const anchor = (person) => {
      const placed = (neighbours.get(person.personId) || []).filter((id) => x.has(id)).map((id) => x.get(id));
      return placed.length ? placed.reduce((sum, v) => sum + v, 0) / placed.length : 0;
    };
    const anchors = new Map(row.map((person) => [person.personId, anchor(person)]));
    row.sort((a, b) => anchors.get(a.personId) - anchors.get(b.personId) || a.personId.localeCompare(b.personId));
    row.forEach((person, i) => {
      x.set(person.personId, (i - (row.length - 1) / 2) * spacing);
      const item = node(person, x.get(person.personId), generation * rowGap);
      if (crowded && generation !== 0) {
        item.symbolSize = 14;
        item.label.show = false;  // shown on hover; zoom in (mouse wheel) to read a crowded row
      }
      data.push(item);
    });
  }
  const showLabels = mentorships.length <= 40;
  return {
    animation: false,
    tooltip: { formatter: tooltip },
    series: [{
      type: "graph", layout: "none", roam: true, draggable: false, preserveAspect: true,
      top: 30, bottom: 50, left: 50, right: 50,
      edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
      data, links: mentorships.map((m) => edge(m, showLabels)),
      emphasis: { focus: "adjacency", label: { show: true } },
    }],
  };
}

/** A studio's members around a circle, with the mentorships between them. */
export function membersOption(members, mentorships) {
  const data = members.map((m) => node({ ...m, generation: m.leader ? 0 : 1 }, null, null,
    { symbolSize: m.leader ? 44 : 32 }));
  return {
    animation: false,
    tooltip: { formatter: tooltip },
    series: [{
      type: "graph", layout: "circular", circular: { rotateLabel: false }, roam: true, top: 30, bottom: 50, left: 60, right: 60,
      edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
      data, links: mentorships.map((m) => edge(m, true)), emphasis: { focus: "adjacency" },
    }],
  };
}

function tooltip(params) {
  if (params.dataType === "edge") {
    return `师带徒 ${params.data.agreementId}：${params.data.status}`;
  }
  return `${params.data.name}（${params.data.value}）`;
}
