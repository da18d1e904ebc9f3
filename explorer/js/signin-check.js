// Which role a token grants, found by asking the API what it may read (wrong tokens throw ApiError).
import { request } from "./api.js";

const PROBE = "{ people(first: 1) { nodes { personId phone } } }";

/** public, planner or hr (hr and admin alike read personal data). */
export async function roleOf(candidate) {
  const { data, errors } = await request(PROBE, {}, candidate);
  const forbidden = errors.filter((e) => e.extensions?.code === "FORBIDDEN").map((e) => e.path?.join("."));
  if (!data?.people || forbidden.includes("people")) return "public";
  return forbidden.some((path) => path?.endsWith("phone")) ? "planner" : "hr";
}
