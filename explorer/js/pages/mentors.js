// Key mentors (HR): masters ranked by the size and depth of their lineage, each linking to the person.
import { gql } from "../api.js";
import { empty, fill, fmt, h, link, pagedList, personHref, table } from "../dom.js";
import { regionSelect } from "../regions.js";
import { setQuery } from "../router.js";

const KEY_MENTORS = `query KeyMentors($regionCode: String, $after: String) {
  keyMentors(regionCode: $regionCode, first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { personId name apprentices descendants depth honouredDescendants technicianDescendants } }
  }
}`;

export async function render(root, { query }) {
  const region = await regionSelect(query.get("region") || "");
  const result = h("div");
  fill(root, h("section", { class: "card" }, h("h1", {}, "带徒名师"),
    h("p", { class: "hint" }, "按传人总数（各代、各种师带徒状态）排名，其次看传承代数。点击姓名查看其传承图。"),
    h("div", { class: "filters" }, region), result));
  const load = async () => {
    setQuery({ region: region.value });
    await ranked(result, region.value || null);
  };
  region.addEventListener("change", load);
  await load();
}

async function ranked(result, regionCode) {
  await pagedList(result, async (after) => (await gql(KEY_MENTORS, { regionCode, after })).keyMentors, (rows, page) =>
    rows.length ? table([
      ["排名", (_, i) => i + 1], ["姓名", (m) => link(personHref(m.personId), m.name)],
      ["直接徒弟", (m) => fmt(m.apprentices)], ["传人总数", (m) => fmt(m.descendants)], ["传承代数", (m) => fmt(m.depth)],
      ["获荣誉传人", (m) => fmt(m.honouredDescendants)], ["技师及以上传人", (m) => fmt(m.technicianDescendants)],
    ], rows, { className: "ranked", caption: `共 ${page.totalCount} 位带徒师傅` })
      : empty("这个地区还没有带徒记录。", h("p", { class: "hint" }, "换一个地区，或选择“全部地区”。")));
}
