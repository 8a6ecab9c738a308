/**
 * Faults tab: random faults on and off (rate, kinds, seed, delay) and scripts for the next N
 * answers of an endpoint, through `POST` / `DELETE /__emulator/faults`; pending scripts are shown
 * as they are used up.
 *
 * @module
 */
import type { ConsoleView } from "./view.ts"

export const faultsView: ConsoleView = {
  id: "faults",
  title: "Faults",
  script: String.raw`
view({ id: "faults", title: "Faults", mount: function (root, ctx) {
  var o = state.overview;
  var kinds = o.catalogue.faultKinds;
  var cur = o.faults;
  var stateEl = h("div", { id: "faults-state" });
  var rate = h("input", { type: "number", name: "rate", min: "0", max: "1", step: "0.05", "aria-label": "fault rate",
    value: typeof cur.rate === "number" ? String(cur.rate) : "0.1" });
  var seed = h("input", { type: "number", name: "seed", min: "0", step: "1", value: cur.seed !== undefined ? String(cur.seed) : "1", "aria-label": "seed" });
  var delay = h("input", { type: "number", name: "delayMs", min: "0", step: "500", value: String(cur.delayMs !== undefined ? cur.delayMs : 15000), "aria-label": "delay ms" });
  var kindBoxes = kinds.map(function (k) {
    return h("input", { type: "checkbox", name: "kind", value: k, checked: !cur.kinds || cur.kinds.length === 0 || cur.kinds.indexOf(k) >= 0 });
  });
  var endpoint = h("select", { name: "endpoint", "aria-label": "endpoint" }, [h("option", { value: "*" }, "any endpoint (*)")].concat(o.catalogue.endpoints.map(function (k) { return h("option", { value: k }, k); })));
  var step = h("select", { name: "step", "aria-label": "fault kind" }, kinds.map(function (k) { return h("option", { value: k }, k); }).concat([h("option", { value: "none" }, "none (answer normally)")]));
  var count = h("input", { type: "number", name: "count", min: "1", max: "1000", value: "1", "aria-label": "how many answers" });
  var executed = h("select", { name: "executed", "aria-label": "executed" }, h("option", { value: "" }, "default execution"),
    h("option", { value: "true" }, "executed (the write happens)"), h("option", { value: "false" }, "not executed"));
  var stepDelay = h("input", { type: "number", name: "stepDelayMs", min: "0", step: "500", placeholder: "delay ms", "aria-label": "delay of this step" });

  function scriptsOf(f) { return f.scripts || {}; }
  async function configure(body) {
    await api("/faults", { method: "POST", body: body });
    await refresh();
  }
  async function applyRandom() {
    var r = Number(rate.value), s = Number(seed.value), d = Number(delay.value);
    var picked = kindBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (!(r >= 0 && r <= 1)) return toast("The rate is a probability from 0 to 1", "error");
    if (picked.length === 0) return toast("Pick at least one kind", "error");
    var body = { rate: r, kinds: picked, seed: Math.floor(s), delayMs: Math.floor(d) };
    var sc = scriptsOf(state.overview.faults);
    if (Object.keys(sc).length) body.script = sc;
    await configure(body).then(function () { toast(r > 0 ? "Random faults on: " + Math.round(r * 100) + "% of calls" : "Random faults off", "ok"); }, fail);
  }
  async function addScript() {
    var n = Math.floor(Number(count.value));
    if (!(n >= 1 && n <= 1000)) return toast("Script 1 to 1000 answers", "error");
    var s = step.value;
    if (s !== "none" && (executed.value !== "" || stepDelay.value !== "")) {
      s = { kind: s };
      if (executed.value !== "") s.executed = executed.value === "true";
      if (stepDelay.value !== "" && step.value === "delay") s.delayMs = Math.floor(Number(stepDelay.value));
    }
    var steps = []; for (var i = 0; i < n; i++) steps.push(s);
    await api("/faults", { method: "POST", body: { endpoint: endpoint.value, steps: steps } }).then(function () {
      toast("The next " + (n === 1 ? "answer" : n + " answers") + " of " + endpoint.value + ": " + step.value, "ok"); return refresh();
    }, fail);
  }
  async function removeScript(k) {
    var f = state.overview.faults;
    var sc = Object.assign({}, scriptsOf(f)); delete sc[k];
    var body = {};
    ["seed", "rate", "kinds", "delayMs"].forEach(function (m) { if (f[m] !== undefined) body[m] = f[m]; });
    body.script = sc;
    await configure(body).catch(fail);
  }
  async function allOff() {
    await api("/faults", { method: "DELETE" }).then(function () { toast("Every fault is off", "ok"); return refresh(); }, fail);
  }
  function stepText(s) { return typeof s === "string" ? s : s.kind + (s.executed === true ? " (executed)" : s.executed === false ? " (not executed)" : "") + (s.delayMs !== undefined ? " " + s.delayMs + " ms" : ""); }
  function render(f) {
    var sc = scriptsOf(f); var keys = Object.keys(sc);
    var r = typeof f.rate === "number" ? f.rate : f.rate ? JSON.stringify(f.rate) : 0;
    var on = !!r || keys.length > 0;
    fill(stateEl, 
      h("p", null, h("span", { class: on ? "badge fault" : "badge ok", id: "faults-badge" }, on ? "faults on" : "faults off"), " ",
        r ? "Random faults hit " + (typeof r === "number" ? Math.round(r * 100) + "% of calls" : r) + " (" + (f.kinds && f.kinds.length ? f.kinds : kinds).join(", ") + ")." : "No random faults.",
        " ", keys.length ? "" : "No scripted answers pending."),
      keys.length ? table([
        { title: "endpoint", get: function (k) { return h("code", null, k); } },
        { title: "next answers", get: function (k) { return sc[k].slice(0, 8).map(stepText).join(", ") + (sc[k].length > 8 ? " … (" + sc[k].length + ")" : ""); } },
        { title: "", get: function (k) { return h("button", { type: "button", onclick: function (e) { e.stopPropagation(); removeScript(k); } }, "Remove"); } },
      ], keys) : null);
  }
  async function refresh() { var ov = await api("/ui/api/overview"); state.overview = ov; render(ov.faults); }

  fill(root, 
    h("section", { class: "card" }, h("h2", null, "In force"), stateEl,
      h("div", { class: "row" }, h("button", { type: "button", class: "danger", id: "faults-off", onclick: allOff }, "Turn every fault off"))),
    h("div", { class: "grid2" },
      h("section", { class: "card" }, h("h2", null, "Script the next answers"),
        h("p", { class: "muted small" }, "Scripts win over random faults; \"*\" applies to any endpoint once its own script is used up."),
        h("div", { class: "row" }, h("span", null, "The next"), count, h("span", null, "answers of"), endpoint),
        h("div", { class: "row" }, h("span", null, "will be"), step, executed, stepDelay),
        h("div", { class: "row" }, h("button", { type: "button", class: "primary", id: "script-add", onclick: addScript }, "Add to the script"))),
      h("section", { class: "card" }, h("h2", null, "Random faults"),
        h("div", { class: "row" }, h("span", null, "rate"), rate, h("span", null, "seed"), seed, h("span", null, "delay"), delay, h("span", { class: "muted" }, "ms")),
        h("div", { class: "row" }, kindBoxes.map(function (b) { return h("label", { class: "check" }, b, b.value); })),
        h("div", { class: "row" }, h("button", { type: "button", class: "primary", id: "random-apply", onclick: applyRandom }, "Apply"),
          h("span", { class: "muted small" }, "Same seed and same call order give the same faults.")))));
  render(cur);
  ctx.every(2000, refresh);
} });
`,
}
