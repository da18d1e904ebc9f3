// The GraphQL client: every figure the explorer shows comes through here, with the tab's token.
import { token } from "./session.js";

const MESSAGES = {
  unauthenticated: "令牌无效：请重新粘贴正确的访问令牌。",
  unavailable: "数据存储暂时不可用，请稍后重试。",
  network: "无法连接服务器，请检查服务是否在运行。",
  forbidden: "当前身份无权查看这些数据，请使用有权限的令牌登录。",
  "not-found": "没有找到这条记录。",
  busy: "服务繁忙，请稍后重试。",
  timeout: "查询超时：请缩小范围后重试，或稍后再试。",
  limit: "查询范围过大，请缩小范围（如减少代数，或加上地区、职业等筛选条件）。",
  failed: "查询失败。",
};

export class ApiError extends Error {
  constructor(kind, detail = "", errors = []) {
    super(MESSAGES[kind] + (detail && kind === "failed" ? ` ${detail}` : ""));
    this.kind = kind;
    this.errors = errors;
  }
}

const KIND_BY_CODE = {
  UNAUTHENTICATED: "unauthenticated", STORE_UNAVAILABLE: "unavailable", FORBIDDEN: "forbidden",
  NOT_FOUND: "not-found", LIMIT_EXCEEDED: "limit", BUSY: "busy", TIMEOUT: "timeout",
};

function kindOf(errors) {
  const codes = errors.map((e) => e.extensions?.code);
  for (const code of ["UNAUTHENTICATED", "STORE_UNAVAILABLE", "BUSY", "TIMEOUT", "NOT_FOUND", "FORBIDDEN", "LIMIT_EXCEEDED"]) {
    if (codes.includes(code)) return KIND_BY_CODE[code];
  }
  return "failed";
}

const hashes = new Map(); // query text -> its SHA-256, hex

/** A query's SHA-256 (hex), or null where the browser hashes only on secure origins (plain http off localhost). */
async function sha256(query) {
  if (!globalThis.crypto?.subtle) return null;
  if (!hashes.has(query)) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(query));
    hashes.set(query, [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""));
  }
  return hashes.get(query);
}

async function post(headers, payload) {
  let response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(payload) });
  } catch {
    throw new ApiError("network");
  }
  try {
    return { response, body: await response.json() };
  } catch {
    throw new ApiError(response.status >= 500 ? "unavailable" : "failed", `HTTP ${response.status}`);
  }
}

/**
 * POST a query; resolve to {data, errors}. Throws ApiError when there is no data at all.
 * A persisted query: sent by its hash, and with its text only when the server does not know it yet.
 */
export async function request(query, variables = {}, authToken = token()) {
  const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" };
  if (authToken) headers.Authorization = `Bearer ${authToken}`;
  const sha = await sha256(query);
  const extensions = sha ? { persistedQuery: { version: 1, sha256Hash: sha } } : undefined;
  let { response, body } = await post(headers, sha ? { variables, extensions } : { query, variables });
  if (sha && (body.errors || []).some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) {
    ({ response, body } = await post(headers, { query, variables, extensions }));
  }
  const errors = body.errors || [];
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent("studiograph:unauthenticated"));
    throw new ApiError("unauthenticated", "", errors);
  }
  if (body.data == null) throw await explained(kindOf(errors), errors);
  return { data: body.data, errors };
}

/**
 * The error to show. A timeout or an unexplained failure may mean the store is down: /readyz (the app's
 * readiness check, no data) tells which, so the page can say so rather than "ask for less".
 */
async function explained(kind, errors) {
  if (kind === "timeout" || kind === "failed") {
    try {
      if ((await fetch("/readyz", { cache: "no-store" })).status === 503) return new ApiError("unavailable", "", errors);
    } catch {
      return new ApiError("network", "", errors);
    }
  }
  return new ApiError(kind, errors.map((e) => e.message).join("; "), errors);
}

/** The data of a query; any error is thrown. */
export async function gql(query, variables = {}) {
  const { data, errors } = await request(query, variables);
  if (errors.length) throw await explained(kindOf(errors), errors);
  return data;
}

/** The data of a query whose fields may be refused for this role (FORBIDDEN: left null); other errors thrown. */
export async function gqlPartial(query, variables = {}) {
  const { data, errors } = await request(query, variables);
  const serious = errors.filter((e) => e.extensions?.code !== "FORBIDDEN");
  if (serious.length) throw await explained(kindOf(serious), serious);
  return data;
}

/** Every node of a Relay connection at `path`, following `after` cursors (at most `maxPages` pages). */
export async function allNodes(query, variables, pick, maxPages = 50) {
  const nodes = [];
  let after = null;
  for (let page = 0; page < maxPages; page += 1) {
    const connection = pick(await gql(query, { ...variables, after }));
    if (!connection) break;
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}
