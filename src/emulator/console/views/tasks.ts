/**
 * Push tasks tab: scheduled pushes with their status (pending → dispatching → dispatched, the
 * push task each created, dispatch errors); push and batch tasks newest first, each with its
 * audience rule in words, its audience size and recall state; a task opens with its message,
 * recipient sample and sender, and its deliveries: the three stages (sent, delivered, clicked)
 * with the callbacks sent for each, a sample of their events, and the failed attempts.
 *
 * @module
 */
import { deliveriesRoute, scheduledRoute } from "../lifecycle-routes.ts"
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
  var appSel = h("select", { "aria-label": "app", onchange: function () { app = appSel.value; load(); loadSched().catch(fail); } }, appOptions("all apps"));
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
      deliveriesEl = h("div", { id: "task-deliveries" }, h("p", { class: "muted small" }, "Loading its deliveries…")),
      h("h3", null, "Recipient sample (" + sample.length + (sample.length < t.audienceSize ? " of " + fmtNum(t.audienceSize) + ", first in import order" : "") + ")"),
      h("div", { class: "recipients" }, chips(sample)),
      h("h3", null, "Message"), jsonBlock(JSON.stringify(t.message)));
    shownTask = t.TaskId;
    refreshDeliveries().catch(function (e) { if (deliveriesEl) fill(deliveriesEl, h("p", { class: "muted small" }, e.message)); });
  }

  // ---- scheduled pushes ----
  var schedCounts = h("span", { class: "muted", id: "sched-counts" });
  var schedMore = h("button", { type: "button", onclick: function () { moreSched(); } }, "Load older");
  var schedList = table([
    { title: "TaskID", get: function (t) { return h("code", null, String(t.TaskID)); } },
    { title: "app", get: function (t) { return String(t.sdkAppId); } },
    { title: "type", get: function (t) { return t.Type; } },
    { title: "title", get: function (t) { return t.Title; } },
    { title: "scheduled for (UTC)", get: function (t) { return t.SchedAt; } },
    { title: "status", get: function (t) { return schedBadge(t); } },
    { title: "push task", get: function (t) { return t.PushTaskID ? h("a", { href: "#/tasks/" + encodeURIComponent(t.PushTaskID), class: "push-link", onclick: function (e) { e.stopPropagation(); } }, h("code", { class: "small" }, t.PushTaskID)) : h("span", { class: "muted" }, "—"); } },
    { title: "dispatch error", get: function (t) { return t.DispatchErr ? h("span", { class: "bad" }, t.DispatchErr) : ""; } },
  ], [], function (t) { go("#/tasks/scheduled/" + t.sdkAppId + "/" + t.TaskID); });
  schedList.id = "sched-table";
  var schedCard = h("section", { class: "card", id: "scheduled" }, h("div", { class: "row" }, h("h2", null, "Scheduled pushes"), h("span", { class: "spacer" }), schedCounts), schedList, h("div", { class: "row" }, schedMore));
  root.insertBefore(schedCard, root.children[1] || null);
  var schedNext = null, schedPaged = false, schedSig = "";
  function schedBadge(t) {
    if (t.status === "dispatched") return h("span", { class: "badge " + (t.DispatchSuccess ? "ok" : "bad"), title: t.dispatchedAt ? "at " + fmtTime(t.dispatchedAt) : "" }, t.DispatchSuccess ? "dispatched" : "dispatch failed");
    if (t.status === "dispatching") return h("span", { class: "badge fault" }, "dispatching");
    return h("span", { class: "badge" }, "pending");
  }
  function schedSignature(p) { return JSON.stringify([p.total, p.counts, p.tasks.map(function (t) { return [t.TaskID, t.status, t.PushTaskID, t.DispatchErr, t.SchedAt]; })]); }
  async function loadSched() {
    var p = await api("/ui/api/scheduled?" + qs({ limit: 20 }));
    schedSig = schedSignature(p);
    clear(schedList.body); schedList.addRows(p.tasks); schedPaged = false;
    if (p.tasks.length === 0) schedList.body.append(h("tr", null, h("td", { colspan: "8", class: "empty" }, "No scheduled pushes (add_sched_task creates one).")));
    schedNext = p.next !== undefined ? p.next : null; schedMore.hidden = schedNext === null;
    schedCounts.textContent = plural(p.total, "scheduled push", "scheduled pushes") + ": " + p.counts.pending + " pending, " + p.counts.dispatching + " dispatching, " + p.counts.dispatched + " dispatched";
  }
  async function moreSched() {
    var p = await api("/ui/api/scheduled?" + qs({ limit: 20, before: schedNext }));
    schedList.addRows(p.tasks); schedPaged = true; schedNext = p.next !== undefined ? p.next : null; schedMore.hidden = schedNext === null;
  }
  async function pollSched() {
    if (schedPaged) return;
    var p = await api("/ui/api/scheduled?" + qs({ limit: 20 }));
    if (schedSignature(p) !== schedSig) await loadSched();
  }
  async function showScheduled(app, id) {
    var t;
    try { t = await api("/ui/api/scheduled/" + encodeURIComponent(app) + "/" + encodeURIComponent(id)); } catch (e) { fill(detailEl, h("p", { class: "empty" }, e.message)); return; }
    shownTask = null;
    fill(detailEl, h("h2", null, "Scheduled push ", h("code", null, String(t.TaskID))),
      kv([["app", String(t.sdkAppId)], ["type", t.Type], ["status", schedBadge(t)], ["scheduled for", t.SchedAt + " UTC"],
        ["created", t.CreateAt + " UTC"], ["dispatched", t.dispatchedAt !== undefined ? fmtTime(t.dispatchedAt) : ""],
        ["push task", t.PushTaskID ? h("a", { href: "#/tasks/" + encodeURIComponent(t.PushTaskID) }, t.PushTaskID) : ""],
        ["dispatch error", t.DispatchErr ? h("span", { class: "bad", id: "dispatch-error" }, t.DispatchErr) : ""],
        ["title", t.Title], ["description", t.Desc]]),
      h("h3", null, "Content"), jsonBlock(JSON.stringify(t.Content)));
  }
  function showParams(params) {
    if (params[0] === "scheduled") return showScheduled(params[1], params[2]);
    return show(params[0]);
  }

  // ---- a push task's deliveries: stages, callbacks, a sample of events, faults ----
  var shownTask = null, deliveriesEl = null;
  function stageState(s) {
    if (!s.happens) return h("span", { class: "badge" }, "never (recalled)");
    if (s.finished) return h("span", { class: "badge ok" }, "done");
    if (s.due) return h("span", { class: "badge fault" }, "sending");
    return h("span", { class: "badge", title: "due " + fmtTime(s.dueAt) }, "due " + fmtTime(s.dueAt, true));
  }
  function eventRows(list) {
    return table([
      { title: "UserID", get: function (e) { return e.userId; } },
      { title: "stage", get: function (e) { return e.stage; } },
      { title: "platform", get: function (e) { return String(e.platform); } },
      { title: "ErrCode", num: true, get: function (e) { return codeBadge(e.errorCode || 0); } },
      { title: "event time", get: function (e) { return fmtTime(e.eventTime * 1000, true); } },
    ], list);
  }
  function renderDeliveries(d) {
    var st = d.statistics || {};
    var stageTable = table([
      { title: "stage", get: function (s) { return h("strong", null, s.stage); } },
      { title: "when", get: function (s) { return stageState(s); } },
      { title: "events", num: true, get: function (s) { return fmtNum(s.generated) + " / " + fmtNum(d.recipients); } },
      { title: "callbacks", num: true, get: function (s) { return [fmtNum(s.attempts), s.failed ? h("span", { class: "bad" }, " (" + fmtNum(s.failed) + " failed)") : null]; } },
      { title: "accepted", num: true, get: function (s) { return fmtNum(s.eventsDelivered); } },
      { title: "lost", num: true, get: function (s) { return s.eventsLost ? h("span", { class: "bad" }, fmtNum(s.eventsLost)) : "0"; } },
    ], d.stages);
    stageTable.id = "stages-table";
    var samples = d.stages.filter(function (s) { return s.sample.length > 0; });
    fill(deliveriesEl,
      h("h3", null, "Deliveries"),
      h("p", { class: "small muted", id: "deliveries-note" }, d.callbacks ? plural(d.attempts, "callback request") + " sent for this task (Push.AllMemberPush, signed). Events: generated of recipients; accepted: in callbacks the receiver accepted."
        : d.configured ? "No callbacks for this task: the callback URL was not set when it was created. Its stages are simulated and counted in the statistics."
        : "No callback URL is configured (createEmulator({ callbacks: { url, token } })): the stages are simulated and counted in the statistics only."),
      stageTable,
      h("p", { class: "small" }, "Statistics: sent ", h("strong", { id: "stat-sent" }, fmtNum(st.SentCount)), " of ", fmtNum(st.TotalCount),
        ", delivered ", h("strong", { id: "stat-delivered" }, fmtNum(st.DeliveredCount)), ", clicked ", h("strong", { id: "stat-clicked" }, fmtNum(st.ClickCount))),
      samples.length ? [h("h3", null, "A sample of the events sent"), eventRows(samples.reduce(function (a, s) { return a.concat(s.sample); }, []))] : null,
      d.faults.length ? [h("h3", null, "Delivery faults"), faultRows(d.faults)] : null);
  }
  function faultRows(list) {
    var t = table([
      { title: "#", num: true, get: function (r) { return String(r.seq); } },
      { title: "stage", get: function (r) { return r.stage; } },
      { title: "try", num: true, get: function (r) { return String(r.attempt); } },
      { title: "outcome", get: function (r) { return h("span", { class: "badge bad" }, r.outcome + (r.status ? " " + r.status : "")); } },
      { title: "events", num: true, get: function (r) { return fmtNum(r.eventCount); } },
      { title: "why", get: function (r) { return r.errorInfo + (r.willRetry ? " (will retry)" : ""); } },
    ], list);
    t.id = "delivery-faults";
    return t;
  }
  async function refreshDeliveries() {
    if (!shownTask || !deliveriesEl) return;
    var id = shownTask;
    var d = await api("/ui/api/deliveries/" + encodeURIComponent(id));
    if (shownTask === id) renderDeliveries(d);
  }
  ctx.update = function (params) { showParams(params); };
  load().then(function () { showParams(ctx.params); }, fail);
  loadSched().catch(fail);
  ctx.every(3000, poll);
  ctx.every(2000, function () { return Promise.all([pollSched(), refreshDeliveries()]); });
} });
`,
  routes: { "GET scheduled": scheduledRoute, "GET deliveries": deliveriesRoute },
}
