// Which role a token grants, found by asking the API what it may read (wrong tokens throw ApiError).
import { request } from "./api.js";

const PROBE = "{ people(first: 1) { nodes { personId phone } } }";
const ADMIN_PROBE = "{ auditLog(first: 1) { hasNextPage } }";  // the audit trail is admin's alone

/** public, planner, hr or admin (hr and admin read the same data; admin also records studios and achievements). */
export async function roleOf(candidate) {
  const { data, errors } = await request(PROBE, {}, candidate);
  const forbidden = errors.filter((e) => e.extensions?.code === "FORBIDDEN").map((e) => e.path?.join("."));
  if (!data?.people || forbidden.includes("people")) return "public";
  if (forbidden.some((path) => path?.endsWith("phone"))) return "planner";
  try {
    const admin = await request(ADMIN_PROBE, {}, candidate);
    return admin.data?.auditLog && !admin.errors.length ? "admin" : "hr";
  } catch (error) {
    if (error.kind === "forbidden") return "hr";  // refused as a whole: no data at all
    throw error;
  }
}
