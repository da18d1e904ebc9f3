// Sign in by pasting a token (kept for this tab only), or go on as the public.
import { ApiError } from "../api.js";
import { fill, h, link } from "../dom.js";
import { navigate } from "../router.js";
import { ROLE_NAMES, signIn, signOut } from "../session.js";
import { roleOf } from "../signin-check.js";

const ERRORS = {
  unauthenticated: "令牌无效：请检查后重新粘贴（令牌区分大小写，前后不要有空格以外的字符）。",
  network: "无法连接服务器，请检查服务是否在运行。",
  unavailable: "数据存储暂时不可用，请稍后重试。",
};

export async function render(root, { query }) {
  const message = h("p", { class: "signin-error", role: "alert", hidden: true });
  const show = (kind) => {
    message.textContent = ERRORS[kind] || new ApiError(kind).message;
    message.hidden = false;
  };
  if (query.get("error")) show(query.get("error"));
  const input = h("input", { type: "password", id: "token", name: "token", autocomplete: "off", required: true,
    placeholder: "粘贴访问令牌", "aria-label": "访问令牌" });
  const submit = async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    message.hidden = true;
    try {
      const granted = await roleOf(value);
      signIn(value, granted);
      navigate(query.get("next") || "/search");
    } catch (error) {
      signOut();
      show(error.kind || "failed");
    }
  };
  fill(root, h("section", { class: "card signin" },
    h("h1", {}, "登录工匠图谱"),
    h("p", {}, "粘贴管理员发给您的访问令牌。令牌只保存在本浏览器标签页中，关闭标签页即失效。"),
    h("form", { onsubmit: submit }, input, h("button", { type: "submit" }, "登录")),
    message,
    h("p", { class: "hint" }, `不同令牌看到的内容不同：${ROLE_NAMES.planner}可查看人员与分析，` +
      `${ROLE_NAMES.hr}另可查看联系方式。未登录时以公众身份浏览：只看工作室、创新成果、荣誉和统计。`),
    h("p", {}, link("/search", "以公众身份浏览 →")),
    h("p", { class: "hint" }, "没有令牌？在服务器上运行 ", h("code", {}, "studiograph token planner"), " 生成一个。")));
  input.focus();
}
