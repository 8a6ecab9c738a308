/**
 * The console's browser core (plain JavaScript in a string, no build step): DOM helpers, the
 * `api` caller (same origin, JSON writes, the optional token as a Bearer header), the hash
 * router, polling tied to the shown tab, toasts and dialogs. Views (views/*.ts) run after it in
 * the same scope; see views/view.ts for the contract.
 *
 * Text always goes into the DOM as text nodes, never as HTML, so nothing a REST call sent
 * (a UserID, a push message) can run as script in the page; the page's CSP forbids inline
 * script anyway.
 *
 * @module
 */
export const coreScript: string = String.raw`
"use strict";
var BASE = "/__emulator";
var TOKEN_KEY = "tencent-chat-push/emulator-token";
var registered = [];
var state = { overview: null };
var current = null;

function view(def) { registered.push(def); }

function append(el, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) { for (var i = 0; i < c.length; i++) append(el, c[i]); return; }
  el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
}

function h(tag, props) {
  var el = document.createElement(tag);
  if (props) {
    for (var k in props) {
      var v = props[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") el.textContent = String(v);
      else if (k === "class") el.className = v;
      else if (k === "style") el.style.cssText = v;
      else if (k.slice(0, 2) === "on" && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "value") el.value = v;
      else if (k === "checked" || k === "disabled" || k === "selected") el[k] = true;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
  return el;
}

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

/** Replaces the children of el (arrays are flattened, null and false skipped). */
function fill(el) { clear(el); for (var i = 1; i < arguments.length; i++) append(el, arguments[i]); return el; }

function pad(n, w) { var s = String(n); while (s.length < (w || 2)) s = "0" + s; return s; }

/** Emulator times are shown in UTC, as the emulator clock is usually set in tests. */
function fmtTime(ms, short) {
  if (ms === undefined || ms === null) return "";
  var d = new Date(ms);
  if (isNaN(d.getTime())) return String(ms);
  var t = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds()) + "." + pad(d.getUTCMilliseconds(), 3);
  if (short) return t;
  return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " + t + " UTC";
}
function fmtMs(ms) { return ms === undefined || ms === null ? "…" : (ms < 10 ? ms.toFixed(1) : String(Math.round(ms))) + " ms"; }
function plural(n, one, many) { return fmtNum(n) + " " + (n === 1 ? one : many || one + "s"); }
function fmtNum(n) { return n === undefined || n === null ? "" : Number(n).toLocaleString("en-US"); }

function readToken() { try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; } }
function saveToken(t) { try { if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ } }

function ApiError(message, status) { var e = new Error(message); e.status = status; return e; }

async function api(path, opts) {
  opts = opts || {};
  var headers = { accept: "application/json" };
  var t = readToken();
  if (t) headers.authorization = "Bearer " + t;
  var init = { method: opts.method || "GET", headers: headers, cache: "no-store", credentials: "same-origin" };
  if (opts.body !== undefined) {
    if (opts.type) { init.body = opts.body; headers["content-type"] = opts.type; }
    else { init.body = JSON.stringify(opts.body); headers["content-type"] = "application/json"; }
  } else if (init.method !== "GET" && init.method !== "HEAD" && init.method !== "DELETE") {
    init.body = "{}"; headers["content-type"] = "application/json";
  }
  var res;
  try { res = await fetch(BASE + path, init); }
  catch (e) { setLive(false, "the emulator is not answering"); throw ApiError("the emulator is not answering", 0); }
  setLive(true);
  if (res.status === 401) { askToken(); throw ApiError("this emulator needs its inspection token", 401); }
  if (opts.raw) { if (!res.ok) throw ApiError("HTTP " + res.status, res.status); return res; }
  var text = await res.text();
  var data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) throw ApiError((data && data.error) || ("HTTP " + res.status), res.status);
  return data;
}

function setLive(ok, why) {
  var el = document.getElementById("live");
  if (!el) return;
  el.className = ok ? "live" : "live off";
  el.textContent = ok ? "connected" : why;
}

function toast(text, kind) {
  var box = document.getElementById("toasts");
  var el = h("div", { class: "toast " + (kind || ""), role: kind === "error" ? "alert" : "status" }, text);
  box.appendChild(el);
  setTimeout(function () { if (el.parentNode) el.parentNode.removeChild(el); }, kind === "error" ? 7000 : 3500);
}
function fail(e) { toast(e && e.message ? e.message : String(e), "error"); }

function dialog(content, buttons) {
  return new Promise(function (resolve) {
    var d = h("dialog", null, content, h("div", { class: "row" }, buttons.map(function (b) {
      return h("button", { class: b.class || "", type: "button", onclick: function () { d.close(); resolve(b.value(d)); } }, b.label);
    })));
    d.addEventListener("cancel", function () { resolve(buttons[0].value(null, true)); });
    d.addEventListener("close", function () { setTimeout(function () { if (d.parentNode) d.parentNode.removeChild(d); }, 0); });
    document.body.appendChild(d);
    d.showModal();
  });
}

function confirmDialog(text, okLabel) {
  return dialog(h("p", null, text), [
    { label: "Cancel", value: function () { return false; } },
    { label: okLabel || "OK", class: "danger", value: function () { return true; } },
  ]);
}

var asking = false;
function askToken() {
  if (asking) return;
  asking = true;
  var input = h("input", { type: "password", class: "wide", autocomplete: "off", "aria-label": "inspection token" });
  dialog([h("h2", { text: "This emulator needs its inspection token" }),
    h("p", { class: "muted" }, "It was started with inspection.token. Enter it to use the console (kept for this tab only)."), input], [
    { label: "Cancel", value: function () { return ""; } },
    { label: "Use token", class: "primary", value: function () { return input.value; } },
  ]).then(function (t) { asking = false; if (t) { saveToken(t); route(true); } });
}

function jsonBlock(text, compact) {
  if (text === undefined || text === null) return h("p", { class: "muted" }, "(none)");
  var shown = text;
  try { shown = JSON.stringify(JSON.parse(text), null, compact ? 0 : 2); } catch (e) { /* not JSON: shown as sent */ }
  return h("pre", null, shown);
}

/** columns: [{ title, get(row) → node or text, num }]; onRow(row, tr) makes rows clickable. */
function table(columns, rows, onRow) {
  var body = h("tbody");
  var t = h("table", null, h("thead", null, h("tr", null, columns.map(function (c) {
    return h("th", { class: c.num ? "num" : "" }, c.title);
  }))), body);
  t.addRows = function (list, atTop) {
    var frag = document.createDocumentFragment();
    list.forEach(function (r) {
      var tr = h("tr", { class: onRow ? "click" : "" }, columns.map(function (c) { return h("td", { class: c.num ? "num" : "" }, c.get(r)); }));
      if (onRow) tr.addEventListener("click", function () {
        var sel = body.querySelector("tr.sel"); if (sel) sel.classList.remove("sel");
        tr.classList.add("sel"); onRow(r, tr);
      });
      tr.row = r;
      frag.appendChild(tr);
    });
    if (atTop) body.insertBefore(frag, body.firstChild); else body.appendChild(frag);
  };
  t.body = body;
  t.addRows(rows);
  return t;
}

function kv(pairs) {
  var dl = h("dl", { class: "kv" });
  pairs.forEach(function (p) { if (p[1] !== undefined && p[1] !== null && p[1] !== "") append(dl, [h("dt", null, p[0]), h("dd", null, p[1])]); });
  return dl;
}

function chips(list) {
  if (!list || list.length === 0) return h("span", { class: "muted" }, "none");
  return h("div", { class: "chips" }, list.map(function (x) { return h("span", { class: "chip" }, x); }));
}

function codeBadge(code, status) {
  if (code === 0) return h("span", { class: "badge ok" }, "0");
  if (code !== undefined && code !== null) return h("span", { class: "badge bad" }, String(code));
  if (status) return h("span", { class: "badge bad" }, "HTTP " + status);
  return h("span", { class: "muted" }, "—");
}

function appOptions(all) {
  var apps = state.overview ? state.overview.apps : [];
  return [all ? h("option", { value: "" }, all) : null].concat(apps.map(function (a) { return h("option", { value: String(a.sdkAppId) }, String(a.sdkAppId)); }));
}

function go(hash) { if (location.hash !== hash) location.hash = hash; else route(); }

function parseHash() {
  var parts = location.hash.replace(/^#\/?/, "").split("/").map(function (p) { try { return decodeURIComponent(p); } catch (e) { return p; } });
  return { id: parts[0] || "overview", params: parts.slice(1).filter(function (p) { return p !== ""; }) };
}

function unmount() {
  if (!current) return;
  current.stops.forEach(function (s) { s(); });
  if (typeof current.cleanup === "function") current.cleanup();
  current = null;
}

async function route(force) {
  var where = parseHash();
  var def = registered.filter(function (v) { return v.id === where.id; })[0] || registered[0];
  if (!state.overview) {
    try { state.overview = await api("/ui/api/overview"); } catch (e) { fail(e); return; }
  }
  document.querySelectorAll("nav a").forEach(function (a) { a.classList.toggle("on", a.getAttribute("data-view") === def.id); });
  if (!force && current && current.id === def.id && current.update) { current.params = where.params; current.update(where.params); return; }
  unmount();
  var root = clear(document.getElementById("main"));
  var ctx = { id: def.id, stops: [], params: where.params, cleanup: null, update: null };
  ctx.every = function (ms, fn) {
    var stopped = false; var timer = null;
    async function tick() {
      if (stopped) return;
      if (!document.hidden) { try { await fn(); } catch (e) { if (e && e.status !== 0 && e.status !== 401) fail(e); } }
      if (!stopped) timer = setTimeout(tick, ms);
    }
    tick();
    var stop = function () { stopped = true; clearTimeout(timer); };
    ctx.stops.push(stop);
    return stop;
  };
  current = ctx;
  document.title = def.title + " · emulator console";
  try { ctx.cleanup = def.mount(root, ctx) || null; } catch (e) { fail(e); }
}
`

/** Runs last: builds the tabs from the registered views and starts the router. */
export const bootScript: string = String.raw`
(function boot() {
  var m = /^#token=(.+)$/.exec(location.hash);
  if (m) { saveToken(decodeURIComponent(m[1])); history.replaceState(null, "", location.pathname + location.search + "#/overview"); }
  var nav = document.getElementById("nav");
  registered.forEach(function (v) { nav.appendChild(h("a", { href: "#/" + v.id, "data-view": v.id }, v.title)); });
  window.addEventListener("hashchange", function () { route(); });
  route();
})();
`
