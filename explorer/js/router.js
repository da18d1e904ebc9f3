// Page URLs (each bookmarkable) to page modules; links inside the app move without reloading.
const ROUTES = [
  ["/", "search"], ["/search", "search"], ["/signin", "signin"],
  ["/person/:key", "person"], ["/studio/:key", "studio"], ["/organization/:key", "organization"],
  ["/achievement/:key", "achievement"], ["/gaps", "gaps"], ["/mentors", "mentors"], ["/risks", "risks"],
  ["/year", "year"], ["/quality", "quality"],
];

/** The page a path names and its parameters; null for an unknown path. */
export function match(pathname) {
  const parts = pathname.split("/").filter(Boolean);
  for (const [pattern, name] of ROUTES) {
    const want = pattern.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    const same = want.every((piece, i) => {
      if (piece.startsWith(":")) params[piece.slice(1)] = decodeURIComponent(parts[i]);
      return piece.startsWith(":") || piece === parts[i];
    });
    if (same) return { name, params };
  }
  return null;
}

let onChange = () => {};

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  onChange();
}

/** Update the query string of the current page (filters, depth) without a new history entry or a re-render. */
export function setQuery(values) {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(values)) {
    if (value == null || value === "") url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  history.replaceState(null, "", url.pathname + url.search);
}

export function start(render) {
  onChange = render;
  window.addEventListener("popstate", render);
  document.addEventListener("click", (event) => {
    const anchor = event.target.closest?.("a[href]");
    if (!anchor || anchor.target || anchor.hasAttribute("download") || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || !match(url.pathname)) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  render();
}
