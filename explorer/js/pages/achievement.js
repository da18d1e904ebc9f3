// An achievement: its type, year, benefit, studio and (for signed-in users) its contributors.
import { gqlPartial } from "../api.js";
import { empty, facts, fill, h, link, personHref, section, studioHref, table, wan } from "../dom.js";
import { seesPeople } from "../session.js";

const ACHIEVEMENT = `query Achievement($id: ID!) {
  achievement(id: $id) {
    achievementId title type year benefitWanYuan patentNo awardLevel contributorCount
    studio { studioId name }
    contributors { rank contributor { personId name } }
  }
}`;

export async function render(root, { params }) {
  const { achievement: a } = await gqlPartial(ACHIEVEMENT, { id: params.key });
  if (!a) {
    fill(root, empty("没有找到这项成果。", link("/search", "返回搜索")));
    return;
  }
  const contributors = [...(a.contributors || [])].sort((x, y) => x.rank - y.rank);
  fill(root,
    h("section", { class: "card" }, h("h1", {}, a.title), facts([
      ["成果编号", a.achievementId], ["类型", a.type], ["年度", a.year], ["经济效益", wan(a.benefitWanYuan)],
      ["专利号", a.patentNo], ["获奖等级", a.awardLevel],
      ["所属工作室", a.studio ? link(studioHref(a.studio.studioId), a.studio.name) : null],
      ["完成人数", a.contributorCount],
    ])),
    section("完成人", seesPeople() ? (contributors.length ? table([
      ["排名", (c) => (c.rank === 1 ? "第一完成人" : `第${c.rank}完成人`)],
      ["姓名", (c) => link(personHref(c.contributor.personId), c.contributor.name)],
    ], contributors) : empty("没有登记完成人。")) : empty("完成人名单仅对登录用户开放。", link("/signin", "登录后查看"))));
}
