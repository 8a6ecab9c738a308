/**
 * Push tasks tab: push and batch tasks newest first, each with its audience rule in words, its
 * audience size and recall state; a task opens with its message, recipient sample and sender.
 *
 * @module
 */
import type { ConsoleView } from "./view.ts"

export const tasksView: ConsoleView = {
  id: "tasks",
  title: "Push tasks",
  script: String.raw`
function recallText(r) {
  if (r.state === "recalled") return h("span", { class: "badge bad" }, "recalled " + fmtTime(r.at, true));
  if (r.state === "recallable") return h("span", { class: "badge ok", title: "until " + fmtTime(r.until) }, "recallable");
  return h("span", { class: "badge", title: "since " + fmtTime(r.since) }, "too old to recall");
}
view({ id: "tasks", title: "Push tasks", mount: function (root, ctx) {
  var app = "";
  var appSel = h("select", { "aria-label": "app", onchange: function () { app = appSel.value; load(); } }, appOptions("all apps"));
  var countEl = h("span", { class: "muted" });
  var moreBtn = h("button", { type: "button", onclick: function () { more(); } }, "Load older");
  var detailEl = h("div", { id: "task-detail" }, h("p", { class: "empty" }, "Click a task to see its audience and message."));
  var list = table([
    { title: "created", get: function (t) { return h("span", { title: fmtTime(t.createdAt) }, fmtTime(t.createdAt, true)); } },
    { title: "TaskId", get: function (t) { return h("code", { class: "small", title: t.TaskId }, t.TaskId.length > 14 ? t.TaskId.slice(0, 13) + "…" : t.TaskId); } },
    { title: "app", get: function (t) { return String(t.sdkAppId); } },
    { title: "kind", get: function (t) { return t.endpoint + (t.family === "all_member_push" ? " (legacy)" : ""); } },
    { title: "audience", get: function (t) { return t.audience; } },
    { title: "size", num: true, get: function (t) { return fmtNum(t.audienceSize); } },
    { title: "recall", get: function (t) { return recallText(t.recall); } },
  ], [], function (t) { go("#/tasks/" + encodeURIComponent(t.TaskId)); });
  list.id = "tasks-table";
  fill(root, h("section", { class: "card" }, h("div", { class: "row" }, appSel, h("span", { class: "spacer" }), countEl)),
    h("div", { class: "split" }, h("section", { class: "card" }, list, h("div", { class: "row" }, moreBtn)), h("section", { class: "card sticky" }, detailEl)));
  var next = null, first = null, paged = false;
  function qs(extra) { var p = new URLSearchParams(extra); if (app) p.set("sdkappid", app); return p.toString(); }
  async function load() {
    var p = await api("/ui/api/tasks?" + qs({ limit: 50 }));
    clear(list.body); list.addRows(p.tasks); paged = false;
    if (p.tasks.length === 0) list.body.append(h("tr", null, h("td", { colspan: "7", class: "empty" }, "No push tasks yet.")));
    next = p.next !== undefined ? p.next : null; first = p.total;
    countEl.textContent = plural(p.total, "task"); moreBtn.hidden = next === null;
  }
  async function more() {
    var p = await api("/ui/api/tasks?" + qs({ limit: 50, before: next }));
    list.addRows(p.tasks); paged = true; next = p.next !== undefined ? p.next : null; moreBtn.hidden = next === null;
  }
  async function poll() {
    if (paged) return;
    var p = await api("/ui/api/tasks?" + qs({ limit: 1 }));
    if (p.total !== first) await load();
  }
  async function show(id) {
    if (!id) return;
    Array.prototype.forEach.call(list.body.children, function (tr) { tr.classList.toggle("sel", !!tr.row && tr.row.TaskId === id); });
    var t;
    try { t = await api("/ui/api/tasks/" + encodeURIComponent(id)); } catch (e) { fill(detailEl, h("p", { class: "empty" }, e.message)); return; }
    var sample = t.recipientSample || [];
    fill(detailEl, h("h2", null, t.endpoint === "batch" ? "Batch push" : "Push"), h("p", null, h("code", { class: "small" }, t.TaskId)),
      kv([["app", String(t.sdkAppId)], ["family", t.family], ["created", fmtTime(t.createdAt)], ["sender", t.From_Account || "(none)"],
        ["MsgRandom", String(t.MsgRandom)], ["recall", recallText(t.recall)]]),
      h("h3", null, "Audience"), h("p", { class: "audience" }, t.audience),
      h("p", null, h("strong", { class: "audience-size" }, fmtNum(t.audienceSize)), " recipients when it was sent"),
      t.condition ? jsonBlock(JSON.stringify(t.condition), true) : null,
      h("h3", null, "Recipient sample (" + sample.length + (sample.length < t.audienceSize ? " of " + fmtNum(t.audienceSize) + ", first in import order" : "") + ")"),
      h("div", { class: "recipients" }, chips(sample)),
      h("h3", null, "Message"), jsonBlock(JSON.stringify(t.message)));
  }
  ctx.update = function (params) { show(params[0]); };
  load().then(function () { show(ctx.params[0]); }, fail);
  ctx.every(3000, poll);
} });
`,
}
