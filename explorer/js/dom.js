// Small DOM helpers: build elements, format figures, show loading, empty and error states.

/** An element with attributes (on* as listeners) and children (strings become text, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function link(href, ...children) {
  return h("a", { href }, ...children);
}

export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const personHref = (id) => `/person/${encodeURIComponent(id)}`;
export const studioHref = (id) => `/studio/${encodeURIComponent(id)}`;

const number = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 1 });
export const fmt = (value) => (value == null ? "—" : number.format(value));
export const wan = (value) => (value == null ? "—" : `${number.format(value)} 万元`);
export const pct = (value) => (value == null ? "—" : `${Math.round(value * 100)}%`);
export const text = (value) => (value == null || value === "" ? "—" : String(value));

export function loading(message = "加载中…") {
  return h("p", { class: "state loading" }, message);
}

export function empty(message, ...next) {
  return h("div", { class: "state empty" }, h("p", {}, message), ...next);
}

export function failure(error) {
  const kind = error?.kind || "failed";
  return h("div", { class: `state error error-${kind}`, role: "alert" }, h("p", {}, error?.message || String(error)),
    kind === "forbidden" || kind === "unauthenticated" ? link("/signin", "用其他令牌登录") : null);
}

/**
 * A list fetched a page at a time into `result`: `fetchPage(after)` answers a connection, a button appends the
 * next page, and `render(rows, page)` draws every row loaded so far.
 */
export async function pagedList(result, fetchPage, render) {
  fill(result, loading());
  const rows = [];
  const body = h("div");
  const more = h("button", { type: "button", class: "secondary", id: "more" }, "再加载 50 位");
  let after = null;
  const next = async () => {
    more.disabled = true;
    try {
      const page = await fetchPage(after);
      rows.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
      fill(body, render(rows, page));
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

/** A table: columns are [header, cell(row) → node or text]; an optional class per column. */
export function table(columns, rows, { caption, className = "" } = {}) {
  return h("div", { class: "table-wrap" }, h("table", { class: className },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, columns.map(([header]) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, rows.map((row, index) => h("tr", {}, columns.map(([, cell]) => h("td", {}, cell(row, index))))))));
}

/** A definition list of [label, value] pairs, leaving out missing values. */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(([, v]) => v != null && v !== "")
    .map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

export function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}
