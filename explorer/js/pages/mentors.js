// Key mentors (HR): masters ranked by the size and depth of their lineage, each linking to the person.
import { gql } from "../api.js";
import { empty, failure, fill, fmt, h, link, loading, personHref, table } from "../dom.js";
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
  fill(result, loading());
  const rows = [];
  const more = h("button", { type: "button", class: "secondary", id: "more" }, "再加载 50 位");
  const body = h("div");
  let after = null;
  let total = 0;
  const next = async () => {
    more.disabled = true;
    try {
      const { keyMentors } = await gql(KEY_MENTORS, { regionCode, after });
      total = keyMentors.totalCount;
      rows.push(...keyMentors.edges.map((e) => e.node));
      after = keyMentors.pageInfo.endCursor;
      more.hidden = !keyMentors.pageInfo.hasNextPage;
      fill(body, rows.length ? table([
        ["排名", (_, i) => i + 1], ["姓名", (m) => link(personHref(m.personId), m.name)],
        ["直接徒弟", (m) => fmt(m.apprentices)], ["传人总数", (m) => fmt(m.descendants)], ["传承代数", (m) => fmt(m.depth)],
        ["获荣誉传人", (m) => fmt(m.honouredDescendants)], ["技师及以上传人", (m) => fmt(m.technicianDescendants)],
      ], rows, { className: "ranked", caption: `共 ${total} 位带徒师傅` }) : empty("这个地区还没有带徒记录。", h("p", { class: "hint" }, "换一个地区，或选择“全部地区”。")));
    } catch (error) {
      fill(body, failure(error));
    } finally {
      more.disabled = false;
    }
  };
  fill(result, body, more);
  await next();
  more.addEventListener("click", next);
}
