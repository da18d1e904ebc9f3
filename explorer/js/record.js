// The 记录 form (HR's on a person page, admin's on a studio page): choose an event, fill in what it needs, send
// the API's mutation for it.
// Each submission carries an idempotency key (kept when a network failure is retried, so nothing is written twice)
// and the version of the object it edits, so an edit based on a stale page is refused instead of overwriting.
import { gql } from "./api.js";
import { failure, fill, h } from "./dom.js";
import { GRADE_NAMES } from "./lineage-data.js";

const ONGOING = "在带";
const RESULTS = ["优秀", "合格", "不合格"];  // the API's domain of a mentorship's result (考核结果)
const STATUSES = ["在职", "退休"];  // the statuses changePersonStatus takes
const STUDIO_LEVELS = ["国家级", "省级", "市级", "企业级"];  // the API's domain of a studio's level
const ACHIEVEMENT_TYPES = ["发明专利", "实用新型专利", "外观设计专利", "技术革新", "合理化建议", "QC成果", "先进操作法", "其他"];

// Each input field: its Chinese label (also for naming a refused field), and how it is entered.
const FIELDS = {
  agreementId: { label: "协议编号" },
  apprenticeId: { label: "徒弟人员编号" },
  masterId: { label: "师傅" },
  personId: { label: "人员" },
  occupationCode: { label: "职业编码" },
  start: { label: "带徒开始日期", type: "date" },
  plannedEnd: { label: "计划出师日期", type: "date" },
  end: { label: "日期", type: "date" },
  result: { label: "考核结果", options: RESULTS.map((r) => [r, r]) },
  grade: { label: "技能等级", options: GRADE_NAMES.map((name, i) => [String(i + 1), `${i + 1} 级 ${name}`]) },
  issuedOn: { label: "发证日期", type: "date" },
  certNo: { label: "证书编号" },
  status: { label: "人员状态", options: STATUSES.map((s) => [s, s]) },
  orgId: { label: "新工作单位编号" },
  position: { label: "岗位" },
  since: { label: "入职日期", type: "date" },
  version: { label: "版本" },
  honorId: { label: "荣誉编号" },
  name: { label: "荣誉名称" },
  level: { label: "级别" },
  year: { label: "年份", type: "number" },
  grantor: { label: "授予单位" },
  personIds: { label: "获得者" },
  memberId: { label: "成员人员编号" },
  role: { label: "成员角色" },
  add: { label: "加入成员" },
  remove: { label: "移出成员" },
  achievementId: { label: "成果编号" },
  title: { label: "成果名称" },
  type: { label: "成果类型", options: ACHIEVEMENT_TYPES.map((t) => [t, t]) },
  benefitWanYuan: { label: "经济效益（万元）", type: "number" },
  patentNo: { label: "专利号" },
  awardLevel: { label: "获奖级别" },
  studioId: { label: "工作室编号" },
  namedYear: { label: "命名年份", type: "number" },
  leaderId: { label: "领衔人人员编号" },
  hostOrgId: { label: "依托单位" },
  batch: { label: "批次" },
  industry: { label: "所属行业" },
  contributors: { label: "完成人（人员编号，按排名，用逗号分隔）" },
  from: { label: "师傅" },
  to: { label: "徒弟" },
};

const CODES = {
  RULE_BROKEN: "不符合规则", NOT_FOUND: "找不到", ALREADY_EXISTS: "已存在",
  STALE_VERSION: "数据已被他人修改，请刷新页面后重新填写", INVALID: "输入无效",
};

/** A person's 师带徒 agreements, each with the side the person is on (`as`) and the other person. */
export const agreementsOf = (person) => [
  ...(person.masters || []).map((m) => ({ ...m, as: "师傅", other: m.master })),
  ...(person.apprentices || []).map((m) => ({ ...m, as: "徒弟", other: m.apprentice })),
];

const ongoing = (person) => agreementsOf(person).filter((m) => m.status === ONGOING);

const agreementChoice = (person) => ({
  name: "agreementId", label: "师带徒协议", required: true, empty: "此人没有在带的师带徒协议。",
  options: ongoing(person).map((m) => [m.agreementId, `${m.agreementId}（${m.as}：${m.other?.name ?? "—"}，${m.start} 起）`]),
});

const versionOf = (person, agreementId) => ongoing(person).find((m) => m.agreementId === agreementId)?.version;

/** The events HR records on a person page: the mutation, its input type, the fields shown, and the input sent. */
export const PERSON_EVENTS = [
  { id: "sign", label: "签订师带徒协议（本人为师傅）", mutation: "signMentorship", type: "SignMentorshipInput",
    fields: () => [{ name: "agreementId", required: true }, { name: "apprenticeId", required: true },
      { name: "occupationCode" }, { name: "start", required: true }, { name: "plannedEnd" }],
    input: (v, person) => ({ ...v, masterId: person.personId }) },
  { id: "complete", label: "出师（完成师带徒，含考核结果）", mutation: "completeMentorship", type: "CompleteMentorshipInput",
    fields: (person) => [agreementChoice(person), { name: "end", label: "出师日期", required: true }, { name: "result", required: true }],
    input: (v, person) => ({ ...v, version: versionOf(person, v.agreementId) }) },
  { id: "end", label: "终止师带徒协议", mutation: "endMentorship", type: "EndMentorshipInput",
    fields: (person) => [agreementChoice(person), { name: "end", label: "终止日期", required: true }, { name: "result" }],
    input: (v, person) => ({ ...v, version: versionOf(person, v.agreementId) }) },
  { id: "certify", label: "技能等级认定", mutation: "certify", type: "CertifyInput",
    fields: () => [{ name: "occupationCode", required: true }, { name: "grade", required: true }, { name: "issuedOn" }, { name: "certNo" }],
    input: (v, person) => ({ ...v, grade: Number(v.grade), personId: person.personId,
      version: (person.certifications || []).find((c) => c.occupation.code === v.occupationCode)?.version }) },
  { id: "honor", label: "授予荣誉", mutation: "grantHonor", type: "GrantHonorInput",
    fields: () => [{ name: "honorId", required: true }, { name: "name", required: true }, { name: "level" }, { name: "year" }, { name: "grantor" }],
    input: (v, person) => ({ ...v, year: v.year ? Number(v.year) : undefined, personIds: [person.personId] }) },
  { id: "status", label: "变更人员状态（在职/退休）", mutation: "changePersonStatus", type: "ChangePersonStatusInput",
    fields: () => [{ name: "status", required: true }],
    input: (v, person) => ({ ...v, personId: person.personId, version: person.version }) },
  { id: "employer", label: "变更工作单位", mutation: "changeEmployer", type: "ChangeEmployerInput",
    fields: () => [{ name: "orgId", required: true }, { name: "position" }, { name: "since" }],
    input: (v, person) => ({ ...v, personId: person.personId }) },
];

let pending = 0;  // submissions awaiting their answer (and the page's reload after it)
const recordedHere = new Set();  // the audit entries this tab's submissions wrote

/**
 * Whether a pushed audit entry is this tab's own doing: one of its submissions wrote it, or one is awaiting its answer
 * (the reload after it shows that change too). The page says so already; it is not news from another clerk.
 */
export const ownChange = (entry) => pending > 0 || recordedHere.has(entry.seq);

const listed = (value) => (value || "").split(/[,，、\s]+/).filter(Boolean);

/** The events admin records on a studio page (the studio as read). */
export const STUDIO_EVENTS = [
  { id: "join", label: "成员加入工作室", mutation: "changeStudioMembers", type: "ChangeStudioMembersInput",
    fields: () => [{ name: "memberId", required: true }, { name: "role" }, { name: "since", label: "加入日期" }],
    input: (v, studio) => ({ studioId: studio.studioId, add: [{ personId: v.memberId, role: v.role, since: v.since }] }) },
  { id: "leave", label: "成员退出工作室", mutation: "changeStudioMembers", type: "ChangeStudioMembersInput",
    fields: (studio) => [{ name: "memberId", label: "成员", required: true,
      empty: "工作室没有成员。", options: (studio.members || []).map((m) => [m.member.personId, `${m.member.name}（${m.member.personId}）`]) }],
    input: (v, studio) => ({ studioId: studio.studioId, remove: [v.memberId] }) },
  { id: "achievement", label: "登记创新成果", mutation: "recordAchievement", type: "RecordAchievementInput",
    fields: () => [{ name: "achievementId", required: true }, { name: "title", required: true }, { name: "type", required: true },
      { name: "year" }, { name: "benefitWanYuan" }, { name: "patentNo" }, { name: "awardLevel" }, { name: "contributors", required: true }],
    input: (v, studio) => ({ ...v, studioId: studio.studioId, year: v.year ? Number(v.year) : undefined,
      benefitWanYuan: v.benefitWanYuan ? Number(v.benefitWanYuan) : undefined,
      contributors: listed(v.contributors).map((personId, i) => ({ personId, rank: i + 1 })) }) },
];

/** The events admin records on an organisation's page: naming a studio it hosts. */
export const ORGANIZATION_EVENTS = [
  { id: "studio", label: "命名工作室（本单位依托）", mutation: "nameStudio", type: "NameStudioInput",
    fields: () => [{ name: "studioId", required: true }, { name: "name", label: "工作室名称", required: true },
      { name: "level", options: STUDIO_LEVELS.map((l) => [l, l]) }, { name: "namedYear" }, { name: "leaderId" },
      { name: "batch" }, { name: "industry" }],
    input: (v, org) => ({ ...v, hostOrgId: org.orgId, namedYear: v.namedYear ? Number(v.namedYear) : undefined }) },
];

const mutationText = (event) => `mutation Record($input: ${event.type}!, $key: String) {
  ${event.mutation}(input: $input, idempotencyKey: $key) { userErrors { field message code } auditSeq replayed }
}`;

/** A fresh idempotency key: a UUID where the browser offers one, else 128 random bits. */
function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function control(spec) {
  const known = FIELDS[spec.name] || {};
  const id = `record-${spec.name}`;
  const options = spec.options || known.options;
  const attrs = { id, name: spec.name, required: spec.required };
  const input = options
    ? h("select", attrs, spec.required ? null : h("option", { value: "" }, "—"), options.map(([value, text]) => h("option", { value }, text)))
    : h("input", { ...attrs, type: known.type || "text", autocomplete: "off" });
  return h("label", { class: "field", for: id }, spec.label || known.label, spec.required ? h("span", { class: "req" }, "*") : null, input);
}

/** The label of a refused field, from the path the API names (["input", "end"]) or the rule's own name. */
const fieldLabel = (path) => {
  const name = [...path].reverse().find((part) => part !== "input");
  return FIELDS[name]?.label || name || "输入";
};

function userErrors(errors) {
  return h("ul", { class: "user-errors", role: "alert" }, errors.map((e) =>
    h("li", { dataset: { field: e.field.join(".") } }, h("strong", {}, fieldLabel(e.field)), "：",
      CODES[e.code] || e.code, h("span", { class: "muted" }, `（${e.message}）`))));
}

/** A page's way to show a recorded event: draw itself again with fresh data and `notice`, unless the reader moved on. */
export const redraw = (render, root, context) => async (notice) => {
  if (!root.isConnected) return;
  try {
    await render(root, { ...context, notice });
  } catch (error) {
    if (root.isConnected) fill(root, failure(error));
  }
};

/**
 * The 记录 section's content: `events` about `subject` (as the page read it, with versions). After a recorded event
 * `onRecorded(notice)` is called so the page reloads its data.
 */
export function recordForm(events, subject, onRecorded, notice = "") {
  const chooser = h("select", { id: "record-event", "aria-label": "记录事项" }, events.map((e) => h("option", { value: e.id }, e.label)));
  const fields = h("div", { class: "record-fields" });
  const submit = h("button", { type: "submit" }, "记录");
  const outcome = h("div", { class: "record-outcome", "aria-live": "polite" },
    notice ? h("p", { class: "notice", role: "status" }, notice) : null);
  const form = h("form", { class: "record", id: "record-form" },
    h("label", { class: "field" }, "事项", chooser), fields, h("div", { class: "actions" }, submit), outcome);
  const event = () => events.find((e) => e.id === chooser.value);
  const forget = () => delete form.dataset.key;  // changed input: a new submission, with a new key

  function show() {
    forget();
    const specs = event().fields(subject);
    const none = specs.find((s) => s.options && !s.options.length);
    fill(fields, none ? h("p", { class: "muted" }, none.empty || "没有可选的记录。") : specs.map(control));
    submit.disabled = Boolean(none);
  }
  chooser.addEventListener("change", show);
  form.addEventListener("input", (e) => { if (e.target !== chooser) forget(); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = event();
    const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== "").map(([k, v]) => [k, String(v).trim()]));
    form.dataset.key ||= newKey();
    submit.disabled = true;
    pending += 1;
    fill(outcome, h("p", { class: "muted" }, "正在记录…"));
    try {
      const data = await gql(mutationText(chosen), { input: chosen.input(values, subject), key: form.dataset.key });
      const answer = data[chosen.mutation];
      forget();  // answered: a refused submission wrote nothing, so a corrected one is a new submission
      if (answer.userErrors.length) {
        fill(outcome, h("p", {}, "未记录，请修改后重试："), userErrors(answer.userErrors));
      } else {
        recordedHere.add(answer.auditSeq);  // pushed back after the reload, it is not announced as another's change
        await onRecorded(`已记录：${chosen.label}（审计记录 #${answer.auditSeq}${answer.replayed ? "，重复提交未再写入" : ""}）`);
      }
    } catch (error) {
      fill(outcome, failure(error));  // the key is kept: sending again is a retry, written at most once
    } finally {
      pending -= 1;
      submit.disabled = false;
    }
  });
  show();
  return form;
}
