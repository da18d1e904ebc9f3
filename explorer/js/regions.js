// The region picker shared by the analytics pages: every stored region, indented under its parent.
import { gql } from "./api.js";
import { h } from "./dom.js";

const REGIONS = `{ regions(first: 100, orderBy: [{ field: CODE }]) { nodes { code name parent { code } } } }`;

export async function regionSelect(selected, { id = "f-region", all = "全部地区" } = {}) {
  const regions = (await gql(REGIONS)).regions.nodes;
  const parents = new Map(regions.map((r) => [r.code, r.parent?.code]));
  const depth = (code) => {
    let d = 0;
    for (let at = parents.get(code); at && parents.has(at) && d < 6; at = parents.get(at)) d += 1;
    return d;
  };
  return h("select", { id, "aria-label": "地区" }, h("option", { value: "" }, all),
    regions.map((r) => h("option", { value: r.code, selected: r.code === selected }, `${"　".repeat(depth(r.code))}${r.name}`)));
}
