// The signed-in token, kept for this browser tab only (sessionStorage), and the role it grants.
const TOKEN_KEY = "studiograph.token";
const ROLE_KEY = "studiograph.role";

export const ROLE_NAMES = { public: "公众", planner: "规划人员", hr: "人事", admin: "管理员" };

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function signIn(value, role) {
  sessionStorage.setItem(TOKEN_KEY, value);
  sessionStorage.setItem(ROLE_KEY, role);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ROLE_KEY);
}

/** public, planner, hr or admin; public when signed out. */
export function role() {
  return (token() && sessionStorage.getItem(ROLE_KEY)) || "public";
}

export function seesPeople() {
  return role() !== "public";
}

/** Whether this role records people's and mentorships' events (hr, admin). */
export function recordsPeople() {
  return role() === "hr" || role() === "admin";
}

/** Whether this role records studios and achievements too (admin). */
export function recordsAll() {
  return role() === "admin";
}

/** A token handed over in the link (`#token=...` or `?token=...`): kept for the tab, then removed from the URL. */
export function tokenFromLink() {
  const url = new URL(location.href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ""));
  const given = hash.get("token") || url.searchParams.get("token");
  if (!given) return null;
  url.searchParams.delete("token");
  hash.delete("token");
  url.hash = hash.toString();
  history.replaceState(null, "", url.pathname + url.search + (url.hash.length > 1 ? url.hash : ""));
  return given;
}
