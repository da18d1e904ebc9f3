// An organisation: where it is, its industry, the studios it hosts and how many people work there.
import { gql } from "../api.js";
import { empty, facts, fill, fmt, h, link, section, studioHref, table, text, wan } from "../dom.js";
import { ORGANIZATION_EVENTS, recordForm, redraw } from "../record.js";
import { recordsAll } from "../session.js";

const ORGANIZATION = `query Organization($id: ID!) {
  organization(id: $id) {
    orgId name industry regionCode employeeCount region { name parent { name } }
    studios { studioId name level namedYear memberCount totalBenefitWanYuan }
  }
}`;

export async function render(root, { params, notice = "" }) {
  const { organization: org } = await gql(ORGANIZATION, { id: params.key });
  fill(root,
    h("section", { class: "card" }, h("h1", {}, org.name), facts([
      ["统一社会信用代码", org.orgId], ["所在地区", [org.region?.parent?.name, org.region?.name].filter(Boolean).join(" ")],
      ["所属行业", org.industry], ["职工", `${fmt(org.employeeCount)} 人`],
    ])),
    section("依托的工作室", org.studios.length ? table([
      ["工作室", (s) => link(studioHref(s.studioId), s.name)], ["级别", (s) => text(s.level)],
      ["命名年份", (s) => text(s.namedYear)], ["成员", (s) => fmt(s.memberCount)], ["经济效益", (s) => wan(s.totalBenefitWanYuan)],
    ], org.studios) : empty("这家单位还没有依托的工作室。")),
    recordsAll() ? section("记录", recordForm(ORGANIZATION_EVENTS, org, redraw(render, root, { params }), notice)) : null);
}
