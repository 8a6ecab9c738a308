/**
 * Overview tab: the apps (no secrets), the emulator clock with buttons to advance it, calls per
 * endpoint, today's push quota per app, and the fault settings in force.
 *
 * @module
 */
import type { ConsoleView } from "./view.ts"

export const overviewView: ConsoleView = {
  id: "overview",
  title: "Overview",
  script: String.raw`
view({ id: "overview", title: "Overview", mount: function (root, ctx) {
  var clockEl = h("div", { class: "clock", id: "clock-now" });
  var msInput = h("input", { type: "number", value: "60000", step: "1000", "aria-label": "milliseconds to advance" });
  function advance(ms) {
    return api("/clock", { method: "POST", body: { advanceMs: ms } }).then(function (r) {
      toast("Clock moved to " + fmtTime(r.now), "ok"); return refresh();
    }, fail);
  }
  var clockCard = h("section", { class: "card" }, h("h2", null, "Emulator clock"), clockEl,
    h("p", { class: "muted small" }, "UserSig expiry, push spacing, the daily quota and recall windows all follow this clock."),
    h("div", { class: "row" },
      [["+1 s", 1000], ["+1 min", 60000], ["+1 h", 3600000], ["+1 day", 86400000]].map(function (b) {
        return h("button", { type: "button", onclick: function () { advance(b[1]); } }, b[0]);
      }),
      h("span", { class: "spacer" }), msInput, h("span", { class: "muted" }, "ms"),
      h("button", { type: "button", class: "primary", onclick: function () {
        var n = Number(msInput.value); if (!isFinite(n) || msInput.value === "") return toast("Enter a number of milliseconds", "error"); advance(n);
      } }, "Advance")));
  var appsEl = h("div");
  var countersEl = h("div");
  var faultsEl = h("div");
  var logEl = h("p", { class: "muted small" });
  fill(root, clockCard,
    h("section", { class: "card" }, h("h2", null, "Apps"), appsEl),
    h("div", { class: "grid2" },
      h("section", { class: "card" }, h("h2", null, "Calls per endpoint"), countersEl, logEl),
      h("section", { class: "card" }, h("h2", null, "Faults"), faultsEl)));

  function render(o) {
    clockEl.textContent = fmtTime(o.now);
    fill(appsEl, table([
      { title: "SDKAppID", get: function (a) { return h("code", null, String(a.sdkAppId)); } },
      { title: "admins", get: function (a) { return a.admins.join(", "); } },
      { title: "accounts", num: true, get: function (a) { return fmtNum(a.accounts); } },
      { title: "attribute names", get: function (a) { return chips(a.attrNames.map(function (n) { return n.slot + ": " + n.name; })); } },
      { title: "distinct tags", num: true, get: function (a) { return fmtNum(a.distinctTags); } },
      { title: "push tasks", num: true, get: function (a) { return fmtNum(a.tasks); } },
      { title: "push quota today", get: function (a) {
        var p = a.push; var pct = Math.min(100, Math.round(100 * p.usedToday / Math.max(1, p.dailyQuota)));
        return h("span", { title: "resets " + fmtTime(p.resetsAt) }, p.usedToday + " / " + p.dailyQuota,
          h("span", { class: "meter" }, h("i", { style: "width:" + pct + "%" })),
          a.pushEnabled ? null : h("span", { class: "badge bad" }, "push disabled"));
      } },
      { title: "last push", get: function (a) { return a.push.lastPushAt ? fmtTime(a.push.lastPushAt) : h("span", { class: "muted" }, "never"); } },
    ], o.apps));
    var counters = o.counters.slice().sort(function (x, y) { return y.calls - x.calls; });
    fill(countersEl, counters.length === 0 ? h("p", { class: "empty" }, "No REST calls yet.") : table([
      { title: "endpoint", get: function (c) { return h("a", { href: "#/requests", onclick: function () { sessionStorage.setItem("requests-filter", JSON.stringify({ endpoint: c.endpoint })); } }, c.endpoint); } },
      { title: "calls", num: true, get: function (c) { return fmtNum(c.calls); } },
      { title: "ok", num: true, get: function (c) { return h("span", { class: c.ok ? "ok" : "muted" }, fmtNum(c.ok)); } },
      { title: "failed", num: true, get: function (c) { return h("span", { class: c.failed ? "bad" : "muted" }, fmtNum(c.failed)); } },
      { title: "faults", num: true, get: function (c) { return h("span", { class: c.faults ? "badge fault" : "muted" }, fmtNum(c.faults)); } },
      { title: "last code", num: true, get: function (c) { return codeBadge(c.lastCode); } },
    ], counters));
    logEl.textContent = "Request log: " + fmtNum(o.log.size) + " of at most " + fmtNum(o.log.limit) + " calls kept; bodies of the last " +
      fmtNum(o.log.bodies.calls) + " (at most " + fmtNum(o.log.bodies.keep) + ").";
    var f = o.faults;
    var scripted = Object.keys(f.scripts);
    var rate = typeof f.rate === "number" ? f.rate : f.rate ? JSON.stringify(f.rate) : 0;
    var off = !rate && scripted.length === 0;
    fill(faultsEl, 
      h("p", null, off ? h("span", { class: "badge ok" }, "off") : h("span", { class: "badge fault" }, "on"),
        " ", off ? "Every call is answered normally." : "Some calls will fail on purpose."),
      kv([["random rate", String(rate)], ["kinds", (f.kinds && f.kinds.length ? f.kinds : o.catalogue.faultKinds).join(", ")],
        ["seed", f.seed !== undefined ? String(f.seed) : "1 (default)"], ["delay", (f.delayMs !== undefined ? f.delayMs : 15000) + " ms"],
        ["scripted", scripted.length ? scripted.map(function (k) { return k + " × " + f.scripts[k].length; }).join(", ") : "none"]]),
      h("p", null, h("a", { href: "#/faults" }, "Change faults →")));
  }
  async function refresh() { var o = await api("/ui/api/overview"); state.overview = o; render(o); }
  ctx.every(2000, refresh);
} });
`,
}
