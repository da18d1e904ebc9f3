// Search: one box over people, studios, achievements, organisations and occupations (by name or alias), as you type.
import { gqlPartial } from "../api.js";
import { empty, failure, fill, h, link, loading, personHref, studioHref } from "../dom.js";
import { setQuery } from "../router.js";
import { seesPeople } from "../session.js";

const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 40) {
    __typename
    ... on Person { personId name status employer { organization { name } } }
    ... on Studio { studioId name level host { name } }
    ... on Achievement { achievementId title type year studio { name } }
    ... on Occupation { code name level aliases }
  }
  organizations(where: { name: { contains: $text } }, first: 20, orderBy: [{ field: NAME }]) {
    nodes { orgId name industry region { name } }
  }
}`;

const GROUPS = [
  ["Person", "人员", (p) => [link(personHref(p.personId), p.name), h("span", { class: "muted" },
    [p.employer?.organization?.name, p.status].filter(Boolean).join(" · "))]],
  ["Studio", "工作室", (s) => [link(studioHref(s.studioId), s.name), h("span", { class: "muted" },
    [s.level, s.host?.name].filter(Boolean).join(" · "))]],
  ["Achievement", "创新成果", (a) => [link(`/achievement/${encodeURIComponent(a.achievementId)}`, a.title),
    h("span", { class: "muted" }, [a.type, a.year, a.studio?.name].filter(Boolean).join(" · "))]],
  ["Organization", "单位", (o) => [link(`/organization/${encodeURIComponent(o.orgId)}`, o.name),
    h("span", { class: "muted" }, [o.region?.name, o.industry].filter(Boolean).join(" · "))]],
  ["Occupation", "职业", (o) => [h("span", {}, o.name),
    h("span", { class: "muted" }, [o.code, o.level, o.aliases && `又称 ${o.aliases}`].filter(Boolean).join(" · "))]],
];

export async function render(root, { query }) {
  const input = h("input", { type: "search", id: "q", value: query.get("q") || "", autocomplete: "off",
    placeholder: seesPeople() ? "输入姓名、工作室、成果或单位中的任意字，如“王”" : "输入工作室、成果或单位中的任意字",
    "aria-label": "搜索" });
  const results = h("div", { class: "results", id: "results" });
  fill(root, h("section", { class: "card search" }, h("h1", {}, "搜索"), input, results));
  let latest = 0;
  let timer = 0;
  const run = async () => {
    const text = input.value.trim().slice(0, 50);
    setQuery({ q: text });
    const ticket = ++latest;
    if (!text) {
      fill(results, empty(seesPeople() ? "输入一个字即可搜索人员、工作室、创新成果和单位。"
        : "输入一个字即可搜索工作室、创新成果和单位；登录后还可搜索人员。"));
      return;
    }
    fill(results, loading("搜索中…"));
    try {
      const data = await gqlPartial(SEARCH, { text });
      if (ticket !== latest) return;
      const hits = [...(data.search || []), ...(data.organizations?.nodes || []).map((o) => ({ __typename: "Organization", ...o }))];
      if (!hits.length) {
        fill(results, empty(`没有找到含“${text}”的记录。`, h("p", { class: "hint" }, "试试更短的词，或只输入一个字。")));
        return;
      }
      fill(results, GROUPS.map(([type, title, row]) => {
        const found = hits.filter((hit) => hit.__typename === type);
        return found.length ? h("div", { class: "group", dataset: { type } }, h("h2", {}, `${title}（${found.length}）`),
          h("ul", {}, found.map((hit) => h("li", {}, row(hit))))) : null;
      }));
    } catch (error) {
      if (ticket === latest) fill(results, failure(error));
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  };
  // While an input method composes (pinyin letters before the character is chosen), wait for the character.
  input.addEventListener("input", (event) => event.isComposing || schedule());
  input.addEventListener("compositionend", schedule);
  input.focus();
  await run();
}
