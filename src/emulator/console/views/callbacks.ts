/**
 * Callbacks tab: the callback receiver the emulator sends `Push.AllMemberPush` events to (its URL
 * and settings, never the token), the delivery counters, the callback log (every attempt, newest
 * first, live; one opens with its events), and "Send a test callback": one signed event sent now
 * to the configured receiver, or, with no callbacks option, to a URL given in the form with the
 * token the receiver was configured with; the receiver's HTTP status and reply are shown.
 *
 * @module
 */
import { callbacksRoute, testCallbackGetRoute, testCallbackRoute } from "../lifecycle-routes.ts"
import type { ConsoleView } from "./view.ts"

export const callbacksView: ConsoleView = {
  id: "callbacks",
  title: "Callbacks",
  script: String.raw`
view({ id: "callbacks", title: "Callbacks", mount: function (root, ctx) {
  var platforms = ["apns", "fcm", "huawei", "xiaomi", "oppo", "vivo", "honor", "meizu", "unknown"];
  var receiverEl = h("div", { id: "callback-receiver" }, h("p", { class: "muted" }, "Loading…"));
  var countersEl = h("div", { id: "callback-counters" });
  var formEl = h("div", { id: "test-form" });
  var resultEl = h("div", { id: "test-result" });
  var detailEl = h("div", { id: "attempt-detail" }, h("p", { class: "empty" }, "Click a callback to see its events."));
  var okSel = h("select", { "aria-label": "outcome", onchange: function () { load(); } }, h("option", { value: "" }, "any outcome"), h("option", { value: "true" }, "accepted"), h("option", { value: "false" }, "failed"));
  var stageSel = h("select", { "aria-label": "stage", onchange: function () { load(); } }, h("option", { value: "" }, "any stage"), ["sent", "delivered", "clicked"].map(function (s) { return h("option", { value: s }, s); }));
  var countEl = h("span", { class: "muted" });
  var moreBtn = h("button", { type: "button", onclick: function () { more(); } }, "Load older");
  var list = table([
    { title: "#", num: true, get: function (r) { return String(r.seq); } },
    { title: "time", get: function (r) { return h("span", { title: fmtTime(r.at) }, fmtTime(r.at, true)); } },
    { title: "app", get: function (r) { return String(r.sdkAppId); } },
    { title: "task", get: function (r) { return r.test ? h("span", { class: "badge" }, "test") : h("a", { href: "#/tasks/" + encodeURIComponent(r.taskId), onclick: function (e) { e.stopPropagation(); } }, h("code", { class: "small" }, r.taskId.length > 14 ? r.taskId.slice(0, 13) + "…" : r.taskId)); } },
    { title: "stage", get: function (r) { return r.stage; } },
    { title: "events", num: true, get: function (r) { return fmtNum(r.eventCount); } },
    { title: "try", num: true, get: function (r) { return String(r.attempt); } },
    { title: "answer", get: function (r) { return r.ok ? h("span", { class: "badge ok" }, "200 OK") : h("span", { class: "badge bad" }, r.outcome + (r.status ? " " + r.status : "")); } },
    { title: "took", num: true, get: function (r) { return fmtMs(r.durationMs); } },
  ], [], function (r) { showAttempt(r.seq); });
  list.id = "callbacks-table";
  var enabled = null, next = null, paged = false, last = -1;

  function qs(extra) {
    var p = new URLSearchParams(extra);
    if (okSel.value) p.set("ok", okSel.value);
    if (stageSel.value) p.set("stage", stageSel.value);
    return p.toString();
  }
  function renderReceiver(p) {
    var c = p.counters;
    if (p.enabled) {
      var s = p.settings;
      fill(receiverEl, kv([["URL", h("code", { id: "callback-url" }, s.url)], ["token", h("span", { class: "muted" }, "configured (never shown)")],
        ["pace", fmtNum(s.rate) + " requests/s, " + s.batchSize + " events each, " + s.concurrency + " at once"],
        ["timeout", fmtNum(s.timeoutMs) + " ms"], ["retries", s.retry ? s.retry.times + " after " + fmtNum(s.retry.delayMs) + " ms" : "none (Tencent's default)"],
        ["sent by", s.drive]]));
    } else {
      fill(receiverEl, h("p", { class: "muted" }, "No callback URL is configured: pushes are simulated and counted in the statistics, but no callback is sent. Start the emulator with callbacks: { url, token } (CLI: --callback-url, --callback-token) to send them."));
    }
    fill(countersEl, kv([["requests", fmtNum(c.attempts) + " (" + fmtNum(c.delivered) + " accepted, " + fmtNum(c.failed) + " failed, " + fmtNum(c.retries) + " retries)"],
      ["events", fmtNum(c.eventsDelivered) + " delivered, " + fmtNum(c.eventsLost) + " lost"], ["in flight", fmtNum(c.inFlight)]]));
  }
  function renderForm() {
    var appSel = h("select", { name: "sdkAppId", "aria-label": "app" }, appOptions());
    var user = h("input", { name: "userId", value: "test-user", "aria-label": "UserID", maxlength: "128" });
    var stage = h("select", { name: "stage", "aria-label": "stage of the event" }, ["sent", "delivered", "clicked"].map(function (s) { return h("option", { value: s }, s); }));
    var platform = h("select", { name: "platform", "aria-label": "platform" }, platforms.map(function (p) { return h("option", { value: p }, p); }));
    var code = h("input", { type: "number", name: "errorCode", value: "0", step: "1", "aria-label": "ErrCode" });
    var url = enabled ? null : h("input", { name: "url", class: "wide", type: "url", "aria-label": "receiver URL", placeholder: "the receiver's absolute URL (http or https)" });
    var token = enabled ? null : h("input", { name: "token", type: "password", autocomplete: "off", "aria-label": "callback token", placeholder: "the receiver's callback token" });
    var sendBtn = h("button", { type: "button", class: "primary", id: "test-send" }, "Send");
    sendBtn.addEventListener("click", async function () {
      var body = { sdkAppId: Number(appSel.value), userId: user.value, stage: stage.value, platform: platform.value, errorCode: Math.floor(Number(code.value) || 0) };
      if (!enabled) { body.url = url.value.trim(); if (token.value) body.token = token.value; }
      sendBtn.disabled = true;
      fill(resultEl, h("p", { class: "muted" }, "Sending…"));
      try { renderResult(await api("/ui/api/test-callback", { method: "POST", body: body })); }
      catch (e) { fill(resultEl, h("p", { class: "bad", id: "test-error" }, e.message)); }
      finally { sendBtn.disabled = false; }
    });
    fill(formEl,
      h("p", { class: "muted small" }, enabled
        ? "Sends one signed Push.AllMemberPush event now to the configured callback URL, signed with its token, so a receiver can be tested without a push. Its times are the emulator clock's. It is not part of any task, statistic or the log below."
        : "No callback URL is configured. Give the receiver's URL, and the token it was configured with: the emulator has none to sign with. The token must be configured on both sides; it signs this one request and is kept nowhere (not shown, not stored, not logged)."),
      enabled ? null : h("div", { class: "row" }, h("span", null, "URL"), url),
      enabled ? null : h("div", { class: "row" }, h("span", null, "token"), token),
      h("div", { class: "row" }, h("span", null, "app"), appSel, h("span", null, "UserID"), user),
      h("div", { class: "row" }, h("span", null, "stage"), stage, h("span", null, "platform"), platform, h("span", null, "ErrCode"), code),
      h("div", { class: "row" }, sendBtn));
  }
  function renderResult(r) {
    var answer = r.status !== undefined
      ? h("span", { class: "badge " + (r.ok ? "ok" : "bad"), id: "test-status" }, "HTTP " + r.status + (r.ok ? " · accepted" : " · refused"))
      : h("span", { class: "badge bad", id: "test-status" }, r.outcome);
    fill(resultEl, h("h3", null, "The receiver's answer"),
      h("p", null, answer, " ", h("span", { class: "muted" }, fmtMs(r.durationMs))),
      kv([["ErrorCode", r.errorCode !== undefined ? String(r.errorCode) : ""], ["ErrorInfo", r.errorInfo], ["sent to", h("code", { class: "small" }, r.url)],
        ["RequestTime", String(r.requestTime) + " (" + fmtTime(r.requestTime * 1000) + ")"]]),
      r.reply !== undefined ? [h("h3", null, "Reply" + (r.contentType ? " (" + r.contentType + ")" : "") + (r.replyCut ? ", cut" : "")), h("pre", { id: "test-reply" }, r.reply === "" ? "(empty)" : r.reply)] : null,
      h("h3", null, "Body sent"), jsonBlock(r.body));
  }
  async function showAttempt(seq) {
    var r;
    try { r = await api("/ui/api/callbacks/" + seq); } catch (e) { fill(detailEl, h("p", { class: "empty" }, e.message)); return; }
    fill(detailEl, h("h2", null, "Callback #" + r.seq + (r.test ? " (test)" : "")),
      kv([["app", String(r.sdkAppId)], ["task", r.taskId || "(test)"], ["stage", r.stage], ["attempt", String(r.attempt)], ["at", fmtTime(r.at)],
        ["RequestTime", String(r.requestTime)], ["answer", r.ok ? "accepted" : r.outcome + (r.status ? " (HTTP " + r.status + ")" : "")],
        ["ErrorInfo", r.errorInfo], ["took", fmtMs(r.durationMs)], ["retried", r.willRetry ? "yes" : ""]]),
      h("h3", null, "Events (" + r.eventCount + ")"),
      r.eventsKept ? jsonBlock(JSON.stringify(r.events)) : h("p", { class: "muted small" }, "No longer kept: the log keeps the events of the most recent callbacks only (callbacks.logEvents)."));
  }
  async function load() {
    var p = await api("/ui/api/callbacks?" + qs({ limit: 50 }));
    if (enabled === null || enabled !== p.enabled) { enabled = p.enabled; renderForm(); }
    renderReceiver(p);
    clear(list.body); list.addRows(p.attempts); paged = false; last = p.last;
    if (p.attempts.length === 0) list.body.append(h("tr", null, h("td", { colspan: "9", class: "empty" }, enabled ? "No callbacks sent yet." : "No callbacks: none is configured.")));
    next = p.next !== undefined ? p.next : null; moreBtn.hidden = next === null;
    countEl.textContent = plural(p.total, "callback request");
  }
  async function more() {
    var p = await api("/ui/api/callbacks?" + qs({ limit: 50, before: next }));
    list.addRows(p.attempts); paged = true; next = p.next !== undefined ? p.next : null; moreBtn.hidden = next === null;
  }
  async function poll() {
    if (enabled === null) return;
    var p = await api("/ui/api/callbacks?" + qs({ limit: 1 }));
    renderReceiver(p);
    if (!paged && p.last !== last) await load();
  }
  fill(root,
    h("div", { class: "grid2" },
      h("section", { class: "card" }, h("h2", null, "Callback receiver"), receiverEl, h("h3", null, "Sent so far"), countersEl),
      h("section", { class: "card", id: "test-callback" }, h("h2", null, "Send a test callback"), formEl, resultEl)),
    h("section", { class: "card" }, h("div", { class: "row" }, h("h2", null, "Callback log"), okSel, stageSel, h("span", { class: "spacer" }), countEl)),
    h("div", { class: "split" }, h("section", { class: "card" }, list, h("div", { class: "row" }, moreBtn)), h("section", { class: "card sticky" }, detailEl)));
  load().catch(fail);
  ctx.every(2000, poll);
} });
`,
  routes: { "GET callbacks": callbacksRoute, "POST test-callback": testCallbackRoute, "GET test-callback": testCallbackGetRoute },
}
