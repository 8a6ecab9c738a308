/**
 * Requests tab: every REST call, live (a poll past the last seen `seq` every second while the
 * tab is shown), filtered on the server by endpoint, family, app, ErrorCode and fault, paged
 * newest first; a click shows the call's redacted query, both bodies and its duration.
 *
 * @module
 */
import type { ConsoleView } from "./view.ts"

export const requestsView: ConsoleView = {
  id: "requests",
  title: "Requests",
  script: String.raw`
view({ id: "requests", title: "Requests", mount: function (root, ctx) {
  var o = state.overview;
  var saved = {};
  try { saved = JSON.parse(sessionStorage.getItem("requests-filter") || "{}") || {}; } catch (e) { saved = {}; }
  var f = { endpoint: saved.endpoint || "", family: saved.family || "", sdkappid: saved.sdkappid || "", code: saved.code || "", fault: saved.fault || "" };
  function sel(name, label, options) {
    var s = h("select", { name: name, "aria-label": label, onchange: function () { f[name] = s.value; reload(); } }, options);
    s.value = f[name];
    return s;
  }
  var endpointSel = sel("endpoint", "endpoint", [h("option", { value: "" }, "all endpoints")].concat(o.catalogue.endpoints.map(function (k) { return h("option", { value: k }, k); })));
  var familySel = sel("family", "family", [h("option", { value: "" }, "both families")].concat(o.catalogue.families.map(function (k) { return h("option", { value: k }, k); })));
  var appSel = sel("sdkappid", "app", appOptions("all apps"));
  var faultSel = sel("fault", "fault", [h("option", { value: "" }, "with or without fault"), h("option", { value: "any" }, "any fault"), h("option", { value: "none" }, "no fault")]
    .concat(o.catalogue.faultKinds.map(function (k) { return h("option", { value: k }, k); })));
  var codeIn = h("input", { name: "code", placeholder: "ErrorCode, ok or failed", "aria-label": "ErrorCode", value: f.code, list: "code-hints",
    onchange: function () { f.code = codeIn.value.trim(); reload(); } });
  var live = h("input", { type: "checkbox", checked: true, name: "live" });
  var countEl = h("span", { class: "muted", id: "requests-count" });
  var moreBtn = h("button", { type: "button", onclick: function () { older(); } }, "Load older");
  var detailEl = h("div", { id: "request-detail" }, h("p", { class: "empty" }, "Click a call to see its request and answer."));
  var list = table([
    { title: "#", num: true, get: function (e) { return String(e.seq); } },
    { title: "time", get: function (e) { return h("span", { title: fmtTime(e.time) }, fmtTime(e.time, true)); } },
    { title: "endpoint", get: function (e) {
      return e.endpoint ? [h("code", null, e.endpoint), e.family === "all_member_push" ? h("span", { class: "badge", title: "v4/all_member_push" }, "legacy") : null]
        : h("span", { class: "muted" }, e.method + " " + e.path);
    } },
    { title: "app", get: function (e) { return e.sdkAppId !== undefined ? String(e.sdkAppId) : ""; } },
    { title: "HTTP", num: true, get: function (e) { return e.status !== undefined ? String(e.status) : h("span", { class: "bad" }, "dropped"); } },
    { title: "code", num: true, get: function (e) { return codeBadge(e.code, e.status && e.status !== 200 ? e.status : 0); } },
    { title: "fault", get: function (e) { return e.fault ? h("span", { class: "badge fault" }, e.fault) : ""; } },
    { title: "duration", num: true, get: function (e) { return fmtMs(e.durationMs); } },
  ], [], function (e) { show(e.seq); });
  list.id = "requests-table";
  fill(root, 
    h("section", { class: "card" },
      h("div", { class: "row" }, endpointSel, familySel, appSel, codeIn, faultSel,
        h("datalist", { id: "code-hints" }, ["ok", "failed", "60007", "70001", "90001", "90024", "90047", "91000"].map(function (c) { return h("option", { value: c }); })),
        h("button", { type: "button", onclick: function () { f = { endpoint: "", family: "", sdkappid: "", code: "", fault: "" };
          endpointSel.value = familySel.value = appSel.value = faultSel.value = codeIn.value = ""; reload(); } }, "Clear filters"),
        h("span", { class: "spacer" }), h("label", { class: "check" }, live, "live"), countEl)),
    h("div", { class: "split" },
      h("section", { class: "card" }, list, h("div", { class: "row" }, moreBtn)),
      h("section", { class: "card sticky" }, detailEl)));

  var last = 0, epoch = null, next = null, total = 0, size = 0, shown = 0;
  function qs(extra) {
    var p = new URLSearchParams();
    Object.keys(f).forEach(function (k) { if (f[k] !== "") p.set(k, f[k]); });
    Object.keys(extra).forEach(function (k) { p.set(k, String(extra[k])); });
    return p.toString();
  }
  function counts() {
    countEl.textContent = fmtNum(total) + " matching · " + fmtNum(size) + " in the log";
    moreBtn.hidden = next === null;
  }
  async function reload() {
    sessionStorage.setItem("requests-filter", JSON.stringify(f));
    var p = await api("/ui/api/requests?" + qs({ count: 1, limit: 100 })).catch(function (e) { fail(e); return null; });
    if (!p) return;
    clear(list.body);
    epoch = p.epoch; last = p.last; next = p.next !== undefined ? p.next : null; total = p.total; size = p.size; shown = p.entries.length;
    list.addRows(p.entries);
    if (p.entries.length === 0) list.body.append(h("tr", { class: "none" }, h("td", { colspan: "8", class: "empty" }, "No calls match.")));
    counts();
  }
  async function older() {
    if (next === null) return;
    var p = await api("/ui/api/requests?" + qs({ before: next, limit: 100 }));
    next = p.next !== undefined ? p.next : null; shown += p.entries.length;
    list.addRows(p.entries);
    counts();
  }
  async function poll() {
    if (!live.checked || epoch === null) return;
    var p = await api("/ui/api/requests?" + qs({ after: last, limit: 200 }));
    if (p.epoch !== epoch || p.last < last) return reload();
    last = p.last; size = p.size;
    if (p.entries.length > 0) {
      var none = list.body.querySelector("tr.none"); if (none) none.remove();
      list.addRows(p.entries, true);
      for (var i = 0; i < p.entries.length; i++) list.body.children[i].classList.add("new");
      total += p.entries.length; shown += p.entries.length;
      // Keep the page light: the oldest rows leave the table (they stay reachable with the filters).
      while (list.body.children.length > 500) { list.body.removeChild(list.body.lastChild); next = list.body.lastChild.row.seq; }
      if (p.skipped) { reload(); return; }
    }
    counts();
  }
  async function show(seq) {
    var d;
    try { d = await api("/ui/api/requests/" + seq); } catch (e) { fill(detailEl, h("p", { class: "empty" }, e.message)); return; }
    var e = d.entry, t = d.detail;
    fill(detailEl, 
      h("h2", null, "#" + e.seq + " " + e.method + " " + e.path),
      kv([["time", fmtTime(e.time)], ["endpoint", e.endpoint], ["family", e.family], ["app", e.sdkAppId !== undefined ? String(e.sdkAppId) : ""],
        ["HTTP status", e.status !== undefined ? String(e.status) : "none (connection dropped)"],
        ["ErrorCode", e.code !== undefined ? h("span", null, codeBadge(e.code), " ", d.meaning || "") : ""],
        ["fault", e.fault ? h("span", { class: "badge fault" }, e.fault) : "none"],
        ["duration", fmtMs(e.durationMs !== undefined ? e.durationMs : t && t.durationMs)]]),
      t === null ? h("p", { class: "muted" }, "The bodies of this call are no longer kept (the console keeps the most recent ones).") : [
        h("h3", null, "Query (usersig redacted)"), h("pre", { class: "query" }, t.query || "(none)"),
        h("h3", null, "Request body"), t.requestBody !== undefined ? jsonBlock(t.requestBody) : h("p", { class: "muted" }, "Not read: the call was refused before its body (URL or UserSig), or faulted first."),
        t.requestCut ? h("p", { class: "muted small" }, "Cut at 32 Ki characters.") : null,
        h("h3", null, "Answer"), t.responseType ? h("p", { class: "muted small" }, t.responseType) : null,
        t.responseBody !== undefined ? jsonBlock(t.responseBody) : h("p", { class: "muted" }, t.outcome === "dropped" ? "No answer: the connection was dropped (fault)." : t.outcome === "pending" ? "Not answered yet." : "No answer: the client went away."),
        t.responseCut ? h("p", { class: "muted small" }, "Cut at 32 Ki characters.") : null]);
  }
  reload();
  ctx.every(1000, poll);
} });
`,
}
