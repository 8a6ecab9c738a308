/**
 * Accounts tab: the app's attribute names, then its accounts in import order or a search
 * (`text` in the UserID, `tag:vip`, `attr:city=Shenzhen`), paged on the server with a bounded
 * scan per page; an account opens with its profile, attributes and tags.
 *
 * @module
 */
import type { ConsoleView } from "./view.ts"

export const accountsView: ConsoleView = {
  id: "accounts",
  title: "Accounts",
  script: String.raw`
view({ id: "accounts", title: "Accounts", mount: function (root, ctx) {
  var apps = state.overview.apps;
  var app = ctx.params[0] || String(apps[0].sdkAppId);
  var appSel = h("select", { "aria-label": "app", onchange: function () { app = appSel.value; search(); } }, appOptions());
  appSel.value = app;
  var q = h("input", { type: "search", class: "wide", name: "q", placeholder: "UserID contains…   tag:vip   attr:city=Shenzhen", "aria-label": "search accounts",
    onkeydown: function (e) { if (e.key === "Enter") search(); } });
  var namesEl = h("div", { id: "attr-names" });
  var countEl = h("span", { class: "muted", id: "accounts-count" });
  var moreBtn = h("button", { type: "button", onclick: function () { page(false); } }, "More");
  var detailEl = h("div", { id: "account-detail" }, h("p", { class: "empty" }, "Click an account to see its attributes and tags."));
  var list = table([
    { title: "UserID", get: function (a) { return h("code", null, a.UserID); } },
    { title: "Nick", get: function (a) { return a.Nick || ""; } },
    { title: "tags", get: function (a) { return a.tags.length > 4 ? chips(a.tags.slice(0, 4).concat(["+" + (a.tags.length - 4)])) : chips(a.tags); } },
    { title: "imported", get: function (a) { return fmtTime(a.importedAt, true); } },
  ], [], function (a) { show(a.UserID); });
  list.id = "accounts-table";
  fill(root, 
    h("section", { class: "card" }, h("div", { class: "row" }, appSel, q, h("button", { type: "button", class: "primary", onclick: function () { search(); } }, "Find")),
      h("div", { class: "row" }, h("span", { class: "muted" }, "Attribute names:"), namesEl, h("span", { class: "spacer" }), countEl)),
    h("div", { class: "split" }, h("section", { class: "card" }, list, h("div", { class: "row" }, moreBtn)), h("section", { class: "card sticky" }, detailEl)));
  var next = null, found = 0, pinned = null;
  async function page(first) {
    var p = new URLSearchParams({ sdkappid: app, q: q.value, limit: "50" });
    if (!first && next !== null) p.set("from", String(next));
    var r = await api("/ui/api/accounts?" + p.toString());
    if (first) {
      clear(list.body); found = 0;
      fill(namesEl, r.attrNames.length ? chips(r.attrNames.map(function (n) { return n.slot + ": " + n.name + (n.type === 1 ? " (RegistrationID)" : ""); })) : h("span", { class: "muted" }, "none set"));
      pinned = r.exact ? r.exact.UserID : null;
      if (r.exact) { list.addRows([r.exact]); found++; }
    }
    var rows = r.accounts.filter(function (a) { return a.UserID !== pinned; });
    list.addRows(rows); found += rows.length;
    next = r.next !== undefined ? r.next : null;
    moreBtn.hidden = next === null;
    var scanned = next === null ? "all" : fmtNum(next);
    countEl.textContent = fmtNum(r.total) + " accounts · " + (q.value.trim() ? fmtNum(found) + " found (looked at " + scanned + ")" : fmtNum(found) + " shown");
    if (found === 0 && next === null) list.body.append(h("tr", null, h("td", { colspan: "4", class: "empty" }, q.value.trim() ? "No account matches." : "No accounts imported.")));
  }
  function search() { page(true).catch(fail); }
  async function show(userId) {
    var a;
    try { a = await api("/ui/api/accounts/" + encodeURIComponent(app) + "/" + encodeURIComponent(userId)); }
    catch (e) { fill(detailEl, h("p", { class: "empty" }, e.message)); return; }
    var attrs = Object.keys(a.attrs);
    fill(detailEl, h("h2", null, a.UserID),
      kv([["app", String(a.sdkAppId)], ["Nick", a.Nick], ["FaceUrl", a.FaceUrl], ["imported", fmtTime(a.importedAt)]]),
      h("h3", null, "Attributes"),
      attrs.length ? table([{ title: "name", get: function (k) { return k; } }, { title: "value", get: function (k) { return h("code", null, a.attrs[k]); } }], attrs) : h("p", { class: "muted" }, "none"),
      h("h3", null, "Tags (" + a.tags.length + ")"), h("div", { class: "account-tags" }, chips(a.tags)));
  }
  if (ctx.params[1]) { q.value = ctx.params[1]; show(ctx.params[1]); }
  search();
} });
`,
}
