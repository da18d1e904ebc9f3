// The explorer's entry point: take a token from the sign-in link, draw the header, route to the pages.
import { disposeAll, drawnOption, chartNames } from "./charts.js";
import { failure, fill, h, link, loading } from "./dom.js";
import { stopWatching, watching } from "./live.js";
import { match, navigate, start } from "./router.js";
import { ROLE_NAMES, role, seesPeople, signOut, signIn, tokenFromLink } from "./session.js";
import { roleOf } from "./signin-check.js";

// Which pages the header offers, and to whom (the API decides what each role may read).
const NAV = [
  ["/search", "搜索", "all"], ["/year", "年度回顾", "all"], ["/gaps", "技能缺口", "staff"],
  ["/mentors", "带徒名师", "staff"], ["/risks", "传承风险", "staff"], ["/quality", "数据质量", "staff"],
];

function header() {
  const staff = seesPeople();
  fill(document.getElementById("nav"), NAV.filter(([, , who]) => who === "all" || staff)
    .map(([href, label]) => link(href, label)));
  const current = location.pathname;
  for (const a of document.querySelectorAll("#nav a")) {
    if (current.startsWith(a.getAttribute("href"))) a.setAttribute("aria-current", "page");
  }
  const who = document.getElementById("who");
  if (staff) {
    fill(who, h("span", { class: "role" }, ROLE_NAMES[role()]),
      h("button", { type: "button", class: "link", onclick: () => { signOut(); navigate("/signin"); } }, "退出"));
  } else {
    fill(who, h("span", { class: "role" }, "公众"), link("/signin", "登录"));
  }
}

async function render() {
  disposeAll();
  stopWatching();
  header();
  const root = document.getElementById("page");
  const found = match(location.pathname) || { name: "search", params: {} };
  const query = new URLSearchParams(location.search);
  const container = h("div", { class: `page page-${found.name}` });
  fill(root, container);
  fill(container, loading());
  try {
    const page = await import(`./pages/${found.name}.js`);
    await page.render(container, { params: found.params, query });
  } catch (error) {
    if (root.contains(container)) fill(container, failure(error));
    if (!error?.kind) console.error(error);
  }
  window.scrollTo(0, 0);
}

async function boot() {
  const given = tokenFromLink();
  if (given) {
    try {
      signIn(given, await roleOf(given));
    } catch (error) {
      signOut();
      navigate(`/signin?error=${error.kind || "failed"}`, { replace: true });
    }
  }
  window.addEventListener("studiograph:unauthenticated", () => {
    signOut();
    if (location.pathname !== "/signin") navigate("/signin?error=unauthenticated", { replace: true });
  });
  // What the tests and the benchmark read back: the options each chart on the page draws.
  window.explorer = { drawnOption, chartNames, watching };
  start(render);
}

boot();
